/* `triage merge-driver %O %A %B`: git's merge driver for the progress file.
 *
 * Installed with
 *   .gitattributes:  .triage/progress.json merge=triage
 *   git config merge.triage.driver "triage merge-driver %O %A %B"
 * git then calls it with the common ancestor, ours (which receives the
 * result) and theirs.  Exit 0 means merged without conflict; non-zero, only
 * for an input that cannot be read, leaves ours untouched and git reports a
 * conflict. */
#include "config.h"

#include "cli.h"
#include "triage/store.h"

int cmd_merge_driver(cli_globals *g, int argc, char **argv)
{
	(void)g;
	static const struct option opts[] = {
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	int rc = CLI_GETOPT_START;
	while (cli_getopt("merge_driver", g, argc, argv, "", opts, &rc) != -1)
		;
	if (rc != -1)
		return rc;
	argc -= optind;
	argv += optind;
	if (argc != 3) {
		cli_error("merge-driver: expected BASE OURS THEIRS (git's %%O %%A %%B)");
		return CLI_USAGE;
	}
	tr_error err = TR_ERROR_INIT;
	if (tr_store_merge_files(argv[0], argv[1], argv[2], &err) < 0) {
		cli_print_error(&err);
		tr_error_clear(&err);
		return CLI_FAIL;
	}
	return CLI_OK;
}
