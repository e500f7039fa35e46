/* Graph benchmark: for a report, prints in the same run
 *   - reading it (tr_report_load_file: decode, parse, extract), the reference;
 *   - the dependency analysis (tr_graph_new);
 *   - the layout, left to right and top to bottom (tr_layout_new);
 *   - what the console pays per frame: select an issue and render an
 *     80x24 window around it;
 *   - the whole drawing as text (what `triage graph` prints);
 * each the best of several runs, with its ratio to reading.
 * Goal: the layout costs at most as much as reading the report.
 * Each goal's line ends with PASS or MISS; the exit status is 1 on a MISS.
 *
 *   bench_layout REPORT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "triage/layout.h"
#include "triage/report.h"

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static tr_model *load(const char *path, double *t)
{
	tr_model *m = tr_model_new();
	tr_error err = TR_ERROR_INIT;
	size_t r0 = m->nreports;
	*t = now();
	int rc = tr_report_load_file(m, path, &err);
	*t = now() - *t;
	if (rc < 0 || m->nreports == r0) {
		fprintf(stderr, "bench_layout: %s\n", err.message ? err.message : "cannot read the report");
		exit(1);
	}
	tr_model_finish(m);
	return m;
}

static double best_layout(const tr_model *m, const tr_graph *g, tr_layout_dir dir, int *w, int *h)
{
	double best = 1e9;
	for (int i = 0; i < RUNS; i++) {
		tr_layout_opts o = TR_LAYOUT_OPTS_INIT;
		o.dir = dir;
		double t = now();
		tr_layout *l = tr_layout_new(m, g, &o);
		t = now() - t;
		*w = tr_layout_width(l);
		*h = tr_layout_height(l);
		tr_layout_free(l);
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_layout REPORT\n");
		return 2;
	}
	double t_read = 1e9, t_graph = 1e9, t;
	tr_model *m = NULL;
	for (int i = 0; i < RUNS; i++) {
		tr_model *mm = load(argv[1], &t);
		if (t < t_read)
			t_read = t;
		if (m)
			tr_model_free(m);
		m = mm;
	}
	tr_graph *g = NULL;
	for (int i = 0; i < RUNS; i++) {
		t = now();
		tr_graph *gg = tr_graph_new(m, NULL);
		t = now() - t;
		if (t < t_graph)
			t_graph = t;
		tr_graph_free(g);
		g = gg;
	}
	int lw, lh, tw, th;
	double t_lr = best_layout(m, g, TR_LAYOUT_LEFT_RIGHT, &lw, &lh);
	double t_tb = best_layout(m, g, TR_LAYOUT_TOP_BOTTOM, &tw, &th);

	/* Frames: the selection walks over issues spread through the model;
	 * each frame selects one, follows it and renders an 80x24 pane. */
	tr_layout *l = tr_layout_new(m, g, NULL);
	tr_cell *pane = malloc(80 * 24 * sizeof *pane);
	int frames = 200, x0 = 0, y0 = 0;
	t = now();
	for (int f = 0; f < frames; f++) {
		size_t issue = m->nissues ? (size_t)f * 7919 % m->nissues : 0;
		tr_layout_select(l, issue);
		tr_layout_follow(l, issue, 80, 24, &x0, &y0);
		tr_layout_render(l, x0, y0, 80, 24, pane);
	}
	double t_frame = (now() - t) / frames;
	t = now();
	char *text = tr_layout_text(l);
	double t_text = now() - t;
	size_t text_len = strlen(text);
	free(text);
	free(pane);
	tr_layout_free(l);

	printf("report %s: %zu issues, %zu distinct edges (best of %d runs)\n", argv[1], m->nissues,
	       m->nedges, RUNS);
	printf("  reading the report     %8.1f ms             (reference)\n", t_read * 1e3);
	printf("  dependency analysis    %8.1f ms  %5.2fx reading\n", t_graph * 1e3, t_graph / t_read);
	bool lr_met = t_lr <= t_read, tb_met = t_tb <= t_read;
	printf("  layout, left to right  %8.1f ms  %5.2fx reading  (goal <= 1x)  %s  grid %dx%d\n",
	       t_lr * 1e3, t_lr / t_read, lr_met ? "PASS" : "MISS", lw, lh);
	printf("  layout, top to bottom  %8.1f ms  %5.2fx reading  (goal <= 1x)  %s  grid %dx%d\n",
	       t_tb * 1e3, t_tb / t_read, tb_met ? "PASS" : "MISS", tw, th);
	printf("  console frame          %8.3f ms             (select, follow, render 80x24)\n",
	       t_frame * 1e3);
	printf("  whole drawing as text  %8.1f ms  %5.2fx reading  (%.1f MB)\n", t_text * 1e3,
	       t_text / t_read, (double)text_len / 1e6);
	tr_graph_free(g);
	tr_model_free(m);
	return lr_met && tb_met ? 0 : 1;
}
