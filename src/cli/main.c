#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*fn)(const cli_globals *, int, char **);
	const char *summary, *usage;
} commands[] = {
#define X(name, fn, summary, usage) { #name, fn, summary, usage },
	CLI_COMMAND_LIST(X)
#undef X
};

/* Command names are C identifiers in the table; on the command line an
 * underscore is a dash ("merge_driver" is typed "merge-driver"). */
static bool command_is(const char *name, const char *arg)
{
	for (; *name && *arg; name++, arg++)
		if (*arg != (*name == '_' ? '-' : *name))
			return false;
	return *name == *arg;
}

static void command_name(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s", name);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
}

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: triage [OPTIONS] [REPORT...]\n"
	        "       triage [OPTIONS] COMMAND [ARGS...]\n"
	        "\n"
	        "A triage console for clusters of failing tests, read from cluster reports\n"
	        "(markdown) and the history of the git repository they belong to.\n"
	        "Without a command, opens the console on a terminal (see triage console)\n"
	        "and prints the summary of the reports otherwise.\n"
	        "\n"
	        "A REPORT is a markdown file or a folder: every markdown file under a folder\n"
	        "is read (not .git or other dot-folders, nor symlinks out of it).  Of several\n"
	        "reports, one that cannot be read or has no issues is named on stderr and\n"
	        "the others load; the same issue in several reports is one issue.\n"
	        "\n"
	        "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		char name[32];
		command_name(name, sizeof name, commands[i].name);
		fprintf(out, "  %-12s %s\n               triage %s %s\n", name, commands[i].summary, name,
		        commands[i].usage);
	}
	fprintf(out,
	        "\n"
	        "Options:\n"
	        "  -C DIR        use the git repository at DIR instead of the current one\n"
	        "  --ascii       draw with ASCII only (automatic when the locale is not UTF-8)\n"
	        "  --state FILE  keep progress in FILE, not in .triage/progress.json at the top\n"
	        "                of the repository's work tree\n"
	        "  --user NAME   record changes as NAME, not as git's user.name and user.email\n"
	        "  --theme NAME  the console's theme: default, light, mono, high-contrast, or a file\n"
	        "  --script FILE run the console from a script of keys, with no terminal\n"
	        "  --size WxH    the screen size for --script (default 80x24)\n"
	        "  --all         history from every branch and tag, not only HEAD\n"
	        "  -h, --help    show this help and exit\n"
	        "  -V, --version show the version and exit\n"
	        "\n"
	        "Environment:\n"
	        "  NO_COLOR      when set, no colour is used\n"
	        "  TRIAGE_USER   who makes changes, when --user is not given\n"
	        "  TRIAGE_NOW    the time taken as now (2026-11-24T09:00:00Z), for scripts\n"
	        "\n"
	        "Exit status: 0 on success, 1 when no report could be read or the environment\n"
	        "is wrong,\n"
	        "2 on a usage error.  See triage(1) for the report formats understood.\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Over a file size limit (ulimit -f) a write should fail with EFBIG,
	 * which every writer reports and recovers from (the old file kept, the
	 * temporary one removed), rather than kill the process midway. */
	signal(SIGXFSZ, SIG_IGN);
	cli_globals g = { .repo_dir = NULL, .ascii = false, .color = getenv("NO_COLOR") == NULL };

	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "state", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "theme", required_argument, NULL, 1000 },
		{ "script", required_argument, NULL, 1001 },
		{ "size", required_argument, NULL, 1002 },
		{ "all", no_argument, NULL, 1003 },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	/* '+' stops at the first non-option: the subcommand parses the rest. */
	while ((c = getopt_long(argc, argv, "+hVC:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return CLI_OK;
		case 'V':
			printf("triage %s\n", PACKAGE_VERSION);
			return CLI_OK;
		case 'C':
			g.repo_dir = optarg;
			break;
		case 'a':
			g.ascii = true;
			break;
		case 's':
			g.state_file = optarg;
			break;
		case 'u':
			g.user = optarg;
			break;
		case 1000:
			g.theme = optarg;
			break;
		case 1001:
			g.script = optarg;
			break;
		case 1002:
			g.size = optarg;
			break;
		case 1003:
			g.all = true;
			break;
		default:
			fprintf(stderr, "Try 'triage --help' for more information.\n");
			return CLI_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
			if (command_is(commands[i].name, argv[0])) {
				optind = 1;
				return commands[i].fn(&g, argc, argv);
			}
		}
	}
	/* No command: the console on a terminal (or with a script), the
	 * reports' summary when the output goes to a file or a pipe. */
	bool console = g.script || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
	optind = 0;
	char **args = calloc((size_t)argc + 2, sizeof *args);
	if (!args)
		return CLI_FAIL;
	args[0] = console ? "console" : "summary";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	optind = 1;
	int rc = console ? cmd_console(&g, argc + 1, args) : cmd_summary(&g, argc + 1, args);
	free(args);
	return rc;
}
