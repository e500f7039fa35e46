/* triage console [OPTIONS] [REPORT...]: the interactive console (also what
 * `triage REPORT...` opens on a terminal). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "console/ui.h"

int cmd_console(cli_globals *g, int argc, char **argv)
{
	/* --theme, --script and --size are global options: before the
	 * command's name or after it. */
	enum { OPT_NO_MOUSE = 1000 };
	static const struct option opts[] = {
		{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	bool no_mouse = false;
	int c, rc = CLI_GETOPT_START;
	while ((c = cli_getopt("console", g, argc, argv, "", opts, &rc)) != -1)
		if (c == OPT_NO_MOUSE)
			no_mouse = true;
	if (rc != -1)
		return rc;
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
	if (g->size && tr_parse_size(g->size, &o.width, &o.height) < 0) {
		cli_error("--size wants WIDTHxHEIGHT, such as 80x24, not '%s'", g->size);
		tr_console_opts_free(&o);
		return CLI_USAGE;
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
