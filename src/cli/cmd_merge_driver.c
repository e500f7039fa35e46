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

#include <getopt.h>

#include "cli.h"
#include "triage/store.h"

int cmd_merge_driver(const cli_globals *g, int argc, char **argv)
{
	(void)g;
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	/* 0, not 1: makes getopt start afresh, permuting (options may follow the
	 * operands), whatever mode the global options were parsed in. */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: triage merge-driver BASE OURS THEIRS\n"
			       "Merges two versions of a progress file (git's %%O %%A %%B) into OURS.\n");
			return CLI_OK;
		}
		return CLI_USAGE;
	}
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
