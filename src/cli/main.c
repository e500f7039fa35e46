#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdint.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "triage/report.h"
#include "triage/text.h"

/* Edit distance with transpositions: how far a misspelt command is. */
static size_t distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > 31 || nb > 31)
		return SIZE_MAX;
	size_t d[32][32];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= na; i++)
		for (size_t j = 1; j <= nb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[na][nb];
}

/* Whether a word that is no command is meant as one: not a file or folder
 * there, and not written as a path or a markdown file's name. */
static bool meant_as_command(const char *word)
{
	struct stat st;
	if (stat(word, &st) == 0 || strchr(word, '/') || tr_report_markdown_name(word))
		return false;
	for (const char *p = word; *p; p++)
		if (!islower((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return *word != '\0';
}

/* "unknown command 'stauts'", with the commands spelt nearest to it. */
static int unknown_command(const char *word)
{
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		char name[32];
		cli_command_name(name, &cmds[i]);
		size_t d = distance(word, name);
		if (d < best)
			best = d;
	}
	tr_buf near = TR_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char name[32];
		cli_command_name(name, &cmds[i]);
		/* Close enough to be a slip: a third of the letters, at least one. */
		size_t slack = strlen(name) / 3 > 1 ? strlen(name) / 3 : 1;
		bool prefix = strncmp(name, word, strlen(word)) == 0;
		if ((distance(word, name) == best && best <= slack) || prefix)
			tr_buf_addf(&near, "%s%s", near.len ? ", " : "", name);
	}
	if (near.len) {
		cli_error("unknown command '%s'; the nearest: %s (see 'triage --help')", word,
		          tr_buf_str(&near));
	} else {
		for (size_t i = 0; i < n; i++) {
			char name[32];
			cli_command_name(name, &cmds[i]);
			tr_buf_addf(&near, "%s%s", i ? ", " : "", name);
		}
		cli_error("unknown command '%s' (the commands: %s), and no report of that name", word,
		          tr_buf_str(&near));
	}
	tr_buf_free(&near);
	return CLI_USAGE;
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
	        "and prints the summary of the reports when the input or the output is a\n"
	        "pipe or a file.\n"
	        "\n"
	        "A REPORT is a markdown file or a folder: every markdown file under a folder\n"
	        "is read (not .git or other dot-folders, nor symlinks out of it).  Of several\n"
	        "reports, one that cannot be read or has no issues is named on stderr and\n"
	        "the others load; the same issue in several reports is one issue.\n"
	        "\n"
	        "An ISSUE is named as the report keys it: 305, #305 or GH-305 (the issue\n"
	        "#305), a tracker key (PROJ-123, any case), a bracketed id ([CACHE-DTYPE-002]\n"
	        "or CACHE-DTYPE-002), a short or zero-padded key (C3, 002), an issue of\n"
	        "another repository (owner/repo#45), or the name of a named issue (or its\n"
	        "start, when that is no other's: golden for golden-path).  Reports\n"
	        "are read for these keys and for local numbers that are none (WHY #1,\n"
	        "Build #812, PR #418); see triage(1).\n"
	        "\n"
	        "Commands:\n");
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		cli_command_name(name, &cmds[i]);
		fprintf(out, "  %-12s %s\n               triage %s %s\n", name, cmds[i].summary, name,
		        cmds[i].usage);
	}
	fprintf(out,
	        "\n"
	        "Options (every command takes them, before its name or after it):\n"
	        "  -C DIR        use the git repository at DIR instead of the current one\n"
	        "  --ascii       draw with ASCII only (automatic when the locale is not UTF-8)\n"
	        "  --state FILE  keep progress in FILE, not in .triage/progress.json at the top\n"
	        "                of the repository's work tree\n"
	        "  --user NAME   record changes as NAME, not as git's user.name and user.email\n"
	        "  --theme NAME  the console's theme: default, light, mono, high-contrast, or a file\n"
	        "  --script FILE run the console from a script of keys, with no terminal\n"
	        "  --size WxH    the screen size for --script (default 80x24)\n"
	        "  --all         history from every branch and tag, not only HEAD\n"
	        "  -h, --help    show this help and exit (also: triage help [COMMAND])\n"
	        "  -V, --version show the version and exit\n"
	        "\n"
	        "Environment:\n"
	        "  NO_COLOR      when set, no colour is used\n"
	        "  TRIAGE_USER   who makes changes, when --user is not given (else git's\n"
	        "                user.name and user.email, else USER or LOGNAME)\n"
	        "  TRIAGE_NOW    the time taken as now (2026-11-24T09:00:00Z), for scripts\n"
	        "\n"
	        "Exit status: 0 on success, 1 when no report could be read or the environment\n"
	        "is wrong (the console with no terminal, or one it cannot draw on), 2 on a\n"
	        "usage error (an unknown command or option among them).  See triage(1)\n"
	        "for the report formats understood.\n");
}

int main(int argc, char **argv)
{
	tr_heap_prefer_huge_pages();
	setlocale(LC_ALL, "");
	/* Over a file size limit (ulimit -f) a write should fail with EFBIG,
	 * which every writer reports and recovers from (the old file kept, the
	 * temporary one removed), rather than kill the process midway. */
	signal(SIGXFSZ, SIG_IGN);
	cli_globals g = { .repo_dir = NULL, .ascii = false, .color = getenv("NO_COLOR") == NULL };

	static const struct option own[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct option opts[32];
	cli_global_options(opts, sizeof opts / sizeof *opts, own);
	int c;
	/* getopt's messages begin with argv[0]: "triage:", as all others do,
	 * not the path the program was run by. */
	char progname[] = "triage";
	if (argc > 0)
		argv[0] = progname;
	/* '+' stops at the first non-option: the subcommand parses the rest
	 * (and the same global options again, after its name). */
	while ((c = getopt_long(argc, argv, "+hVC:", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return CLI_OK;
		}
		if (c == 'V') {
			printf("triage %s\n", PACKAGE_VERSION);
			return CLI_OK;
		}
		if (!cli_global_option(&g, c)) {
			fprintf(stderr, "Try 'triage --help' for more information.\n");
			return CLI_USAGE;
		}
	}
	/* After "--" every word is an operand: "triage -- set" reads a report
	 * named set. */
	bool operands = optind > 1 && strcmp(argv[optind - 1], "--") == 0;
	argc -= optind;
	argv += optind;
	if (argc > 0 && !operands) {
		const cli_command *cmd = cli_command_find(argv[0]);
		if (cmd) {
			optind = 1;
			return cmd->fn(&g, argc, argv);
		}
		/* "triage help [COMMAND]", as git has it, unless a report is so named. */
		if (strcmp(argv[0], "help") == 0 && access(argv[0], F_OK) != 0) {
			const cli_command *of = argc > 1 ? cli_command_find(argv[1]) : NULL;
			if (argc > 1 && !of)
				return unknown_command(argv[1]);
			if (!of) {
				usage(stdout);
				return CLI_OK;
			}
			char dash_h[] = "-h";
			char *args[] = { argv[1], dash_h, NULL };
			optind = 1;
			return of->fn(&g, 2, args);
		}
		if (meant_as_command(argv[0]))
			return unknown_command(argv[0]);
	}
	/* No command: the console on a terminal (or with a script), the
	 * reports' summary when the output goes to a file or a pipe. */
	bool console = g.script || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
	optind = 0;
	char **args = calloc((size_t)argc + 3, sizeof *args);
	if (!args)
		return CLI_FAIL;
	int k = 0;
	args[k++] = console ? "console" : "summary";
	if (operands)
		args[k++] = "--";
	for (int i = 0; i < argc; i++)
		args[k++] = argv[i];
	optind = 1;
	int rc = console ? cmd_console(&g, k, args) : cmd_summary(&g, k, args);
	free(args);
	return rc;
}
