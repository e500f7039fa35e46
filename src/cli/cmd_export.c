#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "triage/export.h"
#include "triage/history.h"
#include "triage/repo.h"

/* What the later layers add to each issue: the dependency analysis and the
 * commits that touch it. */
struct export_ctx {
	const tr_model *m;
	cli_graph_export *graph;
	tr_history *history;
	tr_repo *repo;
};

static void export_issue(void *ctx, size_t issue, json_t *obj)
{
	struct export_ctx *x = ctx;
	cli_graph_export_issue(x->graph, issue, obj);
	json_object_set_new(obj, "commits", tr_history_json(x->history, issue));
}

static void export_top(void *ctx, json_t *obj)
{
	struct export_ctx *x = ctx;
	cli_graph_export_top(x->graph, obj);
}

int cmd_export(const cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* --all may come after the command too, as with `triage log --all`. */
	cli_globals local = *g;
	g = &local;
	int c;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
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
		case 'h':
			printf("Usage: triage export [--format json] [--all] [REPORT...]\n");
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	tr_model *m = cli_load_reports_in(g, argc - optind, argv + optind);
	if (!m)
		return CLI_FAIL;
	struct export_ctx x = { m, NULL, NULL, NULL };
	if (cli_export_history_open(g, m, &x.history, &x.repo) < 0) {
		tr_model_free(m);
		return CLI_FAIL;
	}
	x.graph = cli_graph_export_new(g, m, argc > optind ? argv[optind] : NULL);
	tr_export_hooks hooks = { export_issue, export_top, &x };
	int rc = tr_export_write(m, &hooks, stdout) == 0 ? CLI_OK : CLI_FAIL;
	if (rc != CLI_OK)
		cli_error("export: cannot write the output");
	cli_graph_export_free(x.graph);
	tr_history_free(x.history);
	tr_repo_free(x.repo);
	tr_model_free(m);
	return rc;
}
