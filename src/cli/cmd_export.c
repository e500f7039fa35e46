#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_export(cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	/* --all may come after the command too, as with `triage log --all`. */
	cli_globals local = *g;
	g = &local;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("export", g, argc, argv, "f:", opts, &rc)) != -1) {
		switch (c) {
		case 'a':
			local.all = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0) {
				cli_error("export: unknown format '%s' (known: json)", optarg);
				return CLI_USAGE;
			}
			break;
		}
	}
	if (rc != -1)
		return rc;
	/* The export hands its text over in pieces of 128 KB (jt_flush);
	 * stdio's own buffer would only split each in two writes, one to
	 * fill it and one past it (1,665 system calls for a folder's 80 MB,
	 * where 615 do).  Nothing has been written to stdout yet. */
	setvbuf(stdout, NULL, _IONBF, 0);
	tr_session *session = cli_session(g, argc - optind, argv + optind, false);
	if (!cli_session_model(session) ||
	    cli_session_history(session, "the issues are exported without commits") < 0) {
		tr_session_free(session);
		return CLI_FAIL;
	}
	cli_store_warnings(session);
	rc = tr_session_export(session, stdout) == 0 ? CLI_OK : CLI_FAIL;
	if (rc != CLI_OK)
		cli_error("export: cannot write the output");
	tr_session_free(session);
	return rc;
}
