#include "config.h"

#include <getopt.h>
#include <locale.h>
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

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: triage [OPTIONS] [REPORT...]\n"
	        "       triage [OPTIONS] COMMAND [ARGS...]\n"
	        "\n"
	        "A triage console for clusters of failing tests, read from cluster reports\n"
	        "(markdown) and the history of the git repository they belong to.\n"
	        "Without a command, prints the summary of the reports.\n"
	        "\n"
	        "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %-9s %s\n            triage %s %s\n", commands[i].name,
		        commands[i].summary, commands[i].name, commands[i].usage);
	fprintf(out,
	        "\n"
	        "Options:\n"
	        "  -C DIR        use the git repository at DIR instead of the current one\n"
	        "  --ascii       draw with ASCII only (automatic when the locale is not UTF-8)\n"
	        "  -h, --help    show this help and exit\n"
	        "  -V, --version show the version and exit\n"
	        "\n"
	        "Environment:\n"
	        "  NO_COLOR      when set, no colour is used\n"
	        "\n"
	        "Exit status: 0 on success, 1 when a report or the environment is wrong,\n"
	        "2 on a usage error.  See triage(1) for the report formats understood.\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	cli_globals g = { .repo_dir = NULL, .ascii = false, .color = getenv("NO_COLOR") == NULL };

	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "ascii", no_argument, NULL, 'a' },
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
		default:
			fprintf(stderr, "Try 'triage --help' for more information.\n");
			return CLI_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
			if (strcmp(argv[0], commands[i].name) == 0) {
				optind = 1;
				return commands[i].fn(&g, argc, argv);
			}
		}
	}
	/* No command: the reports' summary, with argv[0] standing for the name. */
	optind = 0;
	char **args = calloc((size_t)argc + 2, sizeof *args);
	if (!args)
		return CLI_FAIL;
	args[0] = "summary";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	optind = 1;
	int rc = cmd_summary(&g, argc + 1, args);
	free(args);
	return rc;
}
