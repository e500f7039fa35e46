/* triage console [OPTIONS] [REPORT...]: the interactive console (also what
 * `triage REPORT...` opens on a terminal). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "console/ui.h"

int cmd_console(const cli_globals *g, int argc, char **argv)
{
	enum { OPT_THEME = 1000, OPT_SCRIPT, OPT_SIZE, OPT_NO_MOUSE };
	static const struct option opts[] = {
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "script", required_argument, NULL, OPT_SCRIPT },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	tr_console_opts o;
	tr_console_opts_init(&o);
	o.repo_dir = g->repo_dir;
	o.all = g->all;
	o.state_file = g->state_file;
	o.user = g->user;
	o.ascii = g->ascii;
	o.no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR");
	o.theme = g->theme;
	o.script = g->script;
	bool no_mouse = false;
	if (g->size && tr_parse_size(g->size, &o.width, &o.height) < 0) {
		cli_error("--size wants WIDTHxHEIGHT, such as 80x24, not '%s'", g->size);
		tr_console_opts_free(&o);
		return CLI_USAGE;
	}
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("console", argc, argv, "", opts, &rc)) != -1) {
		switch (c) {
		case OPT_THEME:
			o.theme = optarg;
			break;
		case OPT_SCRIPT:
			o.script = optarg;
			break;
		case OPT_SIZE:
			if (tr_parse_size(optarg, &o.width, &o.height) < 0) {
				cli_error("--size wants WIDTHxHEIGHT, such as 80x24, not '%s'", optarg);
				tr_console_opts_free(&o);
				return CLI_USAGE;
			}
			break;
		case OPT_NO_MOUSE:
			no_mouse = true;
			break;
		}
	}
	if (rc != -1) {
		tr_console_opts_free(&o);
		return rc;
	}
	o.reports = argv + optind;
	o.nreports = (size_t)(argc - optind);
	char *cfg = tr_console_config_path();
	tr_console_config(&o, cfg);
	free(cfg);
	if (no_mouse)
		o.mouse = 0;
	tr_error err = TR_ERROR_INIT;
	rc = tr_console_run(&o, &err);
	if (rc < 0) {
		cli_print_error(&err);
		rc = err.status == TR_USAGE ? CLI_USAGE : CLI_FAIL;
	}
	tr_error_clear(&err);
	tr_console_opts_free(&o);
	return rc;
}
