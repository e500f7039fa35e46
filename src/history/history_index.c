/* The history index: what a scan found, kept in the git directory so that a
 * later start reads only the commits added since.
 *
 * One file, written whole to a temporary name and renamed over the old one
 * with tr_file_replace_with() (a reader sees the old or the new file, never
 * half of one; a crash leaves one of the two on disk).  A header
 * with a magic, a version, the byte order and a checksum of the body; then
 * fixed-size sections.  Everything read is checked (bounds, order, parent
 * links, strings) before use: a damaged or foreign file is rejected and the
 * caller scans again, it is never trusted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history_internal.h"
#include "triage/file.h"

#define MAGIC "TRIAGEHX"
#define INDEX_VERSION 1
#define BYTE_ORDER_MARK 0x01020304u
#define HEADER 56

_Static_assert(sizeof(hx_commit) == 36, "hx_commit is written as is");
_Static_assert(sizeof(hx_info) == 32, "hx_info is written as is");
_Static_assert(sizeof(hx_ref) == 12, "hx_ref is written as is");

/* ---- the data -------------------------------------------------------- */

static void *own(const void *p, size_t n, size_t size, size_t *cap)
{
	void *q = tr_malloc((n ? n : 1) * size);
	if (n)
		memcpy(q, p, n * size);
	*cap = n ? n : 1;
	return q;
}

void hx_data_own(hx_data *d)
{
	if (!d->map)
		return;
	if (!d->captips)
		d->tips = own(d->tips, d->ntips, HX_OID, &d->captips);
	if (!d->capcommits)
		d->commits = own(d->commits, d->ncommits, sizeof *d->commits, &d->capcommits);
	if (!d->capparents)
		d->parents = own(d->parents, d->nparents, sizeof *d->parents, &d->capparents);
	if (!d->capinfos)
		d->infos = own(d->infos, d->ninfos, sizeof *d->infos, &d->capinfos);
	if (!d->caprefs)
		d->refs = own(d->refs, d->nrefs, sizeof *d->refs, &d->caprefs);
	if (!d->strings.cap) {
		const char *p = d->strings.data;
		size_t n = d->strings.len;
		d->strings = (tr_buf)TR_BUF_INIT;
		if (n)
			tr_buf_add(&d->strings, p, n);
	}
	munmap(d->map, d->maplen);
	d->map = NULL;
	d->maplen = 0;
}

void hx_data_free(hx_data *d)
{
	if (d->captips)
		free(d->tips);
	if (d->capcommits)
		free(d->commits);
	if (d->capparents)
		free(d->parents);
	if (d->capinfos)
		free(d->infos);
	if (d->strings.cap)
		tr_buf_free(&d->strings);
	if (d->caprefs)
		free(d->refs);
	for (size_t i = 0; i < d->npaths; i++) {
		free(d->paths[i].path);
		free(d->paths[i].commits);
	}
	free(d->paths);
	if (d->map)
		munmap(d->map, d->maplen);
	memset(d, 0, sizeof *d);
}

uint32_t hx_add_string(hx_data *d, const char *s, size_t n)
{
	uint32_t off = (uint32_t)d->strings.len;
	tr_buf_add(&d->strings, s, n);
	tr_buf_addc(&d->strings, '\0');
	return off;
}

const char *hx_string(const hx_data *d, uint32_t off)
{
	return off < d->strings.len ? d->strings.data + off : "";
}

/* Not cryptographic: it only has to notice a damaged file.  Eight bytes a
 * step, so that checking a large index costs little next to reading it. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w * 0xC2B2AE3D27D4EB4FULL;
	return (h << 31 | h >> 33) * 0x9E3779B185EBCA87ULL;
}

void hx_sum_init(hx_sum *s, uint64_t seed)
{
	s->h = seed ^ 0x9E3779B97F4A7C15ULL;
	s->total = 0;
	s->ntail = 0;
}

void hx_sum_add(hx_sum *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->total += n;
	while (s->ntail && n) {
		s->tail[s->ntail++] = *p++;
		n--;
		if (s->ntail == 8) {
			uint64_t w;
			memcpy(&w, s->tail, 8);
			s->h = mix(s->h, w);
			s->ntail = 0;
		}
	}
	uint64_t h = s->h;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = mix(h, w);
		p += 8;
		n -= 8;
	}
	s->h = h;
	memcpy(s->tail, p, n);
	s->ntail = n;
}

uint64_t hx_sum_end(hx_sum *s)
{
	uint64_t w = 0;
	memcpy(&w, s->tail, s->ntail);
	uint64_t h = mix(s->h, w) ^ s->total;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return h;
}

uint64_t hx_checksum(const void *data, size_t n, uint64_t seed)
{
	hx_sum s;
	hx_sum_init(&s, seed);
	hx_sum_add(&s, data, n);
	return hx_sum_end(&s);
}

/* The header's own fields go into the body's checksum, so that no byte of
 * the file can change unnoticed. */
static uint64_t header_seed(uint32_t mode, uint64_t shallow, uint64_t base)
{
	return mode ^ shallow * 0x9E3779B97F4A7C15ULL ^ base * 0xC2B2AE3D27D4EB4FULL;
}

/* ---- writing --------------------------------------------------------- */

/* Sections go straight from the arrays to the file, summed on the way: no
 * copy of the whole index in memory. */
typedef struct writer {
	int fd;
	hx_sum sum;
	size_t body;
	char buf[1 << 16];
	size_t n;
	int error;              /* errno of the first failure */
} writer;

static void flush(writer *w)
{
	size_t done = 0;
	while (done < w->n && !w->error) {
		ssize_t r = write(w->fd, w->buf + done, w->n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			w->error = r < 0 ? errno : EIO;
		else
			done += (size_t)r;
	}
	w->n = 0;
}

static void out(writer *w, const void *p, size_t n)
{
	hx_sum_add(&w->sum, p, n);
	w->body += n;
	const char *c = p;
	while (n) {
		size_t k = sizeof w->buf - w->n;
		if (k > n)
			k = n;
		memcpy(w->buf + w->n, c, k);
		w->n += k;
		c += k;
		n -= k;
		if (w->n == sizeof w->buf)
			flush(w);
	}
}

static void out64(writer *w, uint64_t v)
{
	out(w, &v, 8);
}

static void out_section(writer *w, const void *p, size_t n)
{
	static const char zeros[8];
	if (n)
		out(w, p, n);
	if (n % 8)
		out(w, zeros, 8 - n % 8);
}

static int write_all(writer *w, hx_data *d)
{
	char header[HEADER] = { 0 };
	if (write(w->fd, header, HEADER) != HEADER)
		return errno ? errno : EIO;
	hx_sum_init(&w->sum, header_seed(d->mode, d->shallow, d->base));
	out64(w, d->ntips);
	out64(w, d->ncommits);
	out64(w, d->nparents);
	out64(w, d->ninfos);
	out64(w, d->strings.len);
	out64(w, d->nrefs);
	out64(w, d->npaths);
	out_section(w, d->tips, d->ntips * HX_OID);
	out_section(w, d->commits, d->ncommits * sizeof *d->commits);
	out_section(w, d->parents, d->nparents * sizeof *d->parents);
	out_section(w, d->infos, d->ninfos * sizeof *d->infos);
	out_section(w, d->strings.data, d->strings.len);
	out_section(w, d->refs, d->nrefs * sizeof *d->refs);
	for (size_t i = 0; i < d->npaths; i++) {
		size_t len = strlen(d->paths[i].path);
		out64(w, len);
		out64(w, d->paths[i].n);
		out_section(w, d->paths[i].path, len);
		out_section(w, d->paths[i].commits, d->paths[i].n * sizeof *d->paths[i].commits);
	}
	flush(w);
	if (w->error)
		return w->error;
	uint64_t body = w->body, sum = hx_sum_end(&w->sum);
	uint32_t version = INDEX_VERSION, bom = BYTE_ORDER_MARK, mode = d->mode;
	memcpy(header, MAGIC, 8);
	memcpy(header + 8, &version, 4);
	memcpy(header + 12, &bom, 4);
	memcpy(header + 16, &mode, 4);
	memcpy(header + 24, &body, 8);
	memcpy(header + 32, &sum, 8);
	memcpy(header + 40, &d->shallow, 8);
	memcpy(header + 48, &d->base, 8);
	if (pwrite(w->fd, header, HEADER, 0) != HEADER)
		return errno ? errno : EIO;
	d->sum = sum;
	return 0;
}

typedef struct index_out {
	writer *w;
	hx_data *d;
} index_out;

static int write_index(int fd, void *ctx)
{
	index_out *o = ctx;
	o->w->fd = fd;
	int e = write_all(o->w, o->d);
	errno = e;
	return e ? -1 : 0;
}

int hx_index_write(const char *path, hx_data *d, tr_error *err)
{
	/* The directory may not exist yet: one level, under the git directory. */
	char *dir = tr_strdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			tr_error_set(err, TR_IO, "%s: cannot create the directory: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	/* Unique to this process: two sessions may write the index at once, and
	 * the last rename wins with a whole file. */
	char *tmp = tr_sprintf("%s.%ld.tmp", path, (long)getpid());
	unlink(tmp);
	index_out out = { tr_calloc(1, sizeof *out.w), d };
	const char *step;
	int rc = tr_file_replace_with(path, tmp, -1, write_index, &out, &step);
	if (rc < 0)
		tr_error_set(err, TR_IO, "%s: cannot %s the history index (%s): %s",
		             path, strcmp(step, "renaming") == 0 ? "replace" : "write", step,
		             strerror(errno));
	free(out.w);
	free(tmp);
	return rc;
}

/* ---- reading --------------------------------------------------------- */

typedef struct reader {
	const char *p;
	size_t left;
	bool bad;
} reader;

static uint64_t get64(reader *r)
{
	uint64_t v = 0;
	if (r->left < 8) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, 8);
	r->p += 8;
	r->left -= 8;
	return v;
}

/* A section of `count` records of `size` bytes, padded to 8; NULL when the
 * file is too short (counts are checked against the bytes left before any
 * multiplication, so a huge count cannot overflow). */
static const char *get_section(reader *r, uint64_t count, size_t size)
{
	if (r->bad || (size && count > r->left / size)) {
		r->bad = true;
		return NULL;
	}
	size_t n = (size_t)count * size;
	size_t padded = n % 8 ? n + 8 - n % 8 : n;
	if (padded > r->left) {
		r->bad = true;
		return NULL;
	}
	const char *p = r->p;
	r->p += padded;
	r->left -= padded;
	return p;
}

static int oidcmp(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, HX_OID);
}

/* Everything a later step relies on, in one pass over each array (no
 * random access: this runs on every start). */
static const char *check(const hx_data *d, size_t first)
{
	size_t end = first + d->ncommits;
	for (size_t i = 1; i < d->ntips; i++)
		if (oidcmp(d->tips[i - 1], d->tips[i]) >= 0)
			return "tips out of order";
	if (d->strings.len && d->strings.data[d->strings.len - 1] != '\0')
		return "unterminated strings";
	for (size_t i = 0; i < d->ncommits; i++) {
		const hx_commit *c = &d->commits[i];
		if (i && oidcmp(d->commits[i - 1].oid, c->oid) >= 0)
			return "commits out of order";
		if (c->parent > d->nparents || c->nparents > d->nparents - c->parent)
			return "parent list out of bounds";
		if (c->info != HX_NONE && c->info >= d->ninfos)
			return "commit information out of bounds";
		if (c->gen == 0 || c->gen == HX_NONE)
			return "bad generation number";
	}
	for (size_t i = 0; i < d->nparents; i++)
		if (d->parents[i] >= end)
			return "parent out of bounds";
	for (size_t i = 0; i < d->ninfos; i++) {
		const hx_info *in = &d->infos[i];
		/* The author is two strings: the name and, after it, the email. */
		if (in->author >= d->strings.len || in->summary >= d->strings.len ||
		    in->author + strlen(d->strings.data + in->author) + 1 >= d->strings.len)
			return "string out of bounds";
	}
	for (size_t i = 0; i < d->nrefs; i++) {
		const hx_ref *r = &d->refs[i];
		if (r->commit < first || r->commit >= end ||
		    (r->kind != TR_LINK_FIXES && r->kind != TR_LINK_MENTIONS))
			return "bad reference";
		if (i && (d->refs[i - 1].number > r->number ||
		          (d->refs[i - 1].number == r->number && d->refs[i - 1].commit >= r->commit)))
			return "references out of order";
	}
	for (size_t i = 0; i < d->npaths; i++) {
		const hx_path *p = &d->paths[i];
		if (i && strcmp(d->paths[i - 1].path, p->path) >= 0)
			return "paths out of order";
		for (size_t k = 0; k < p->n; k++)
			if (p->commits[k] < first || p->commits[k] >= end ||
			    (k && p->commits[k - 1] >= p->commits[k]))
				return "bad path change list";
	}
	return NULL;
}

/* Fills d with views into the mapped file. */
static const char *parse(const char *data, size_t size, size_t first, hx_data *d)
{
	if (size < HEADER || memcmp(data, MAGIC, 8) != 0)
		return "not a triage history index";
	uint32_t version, bom, mode, unused;
	uint64_t body, sum, shallow, base;
	memcpy(&version, data + 8, 4);
	memcpy(&bom, data + 12, 4);
	memcpy(&mode, data + 16, 4);
	memcpy(&unused, data + 20, 4);
	memcpy(&body, data + 24, 8);
	memcpy(&sum, data + 32, 8);
	memcpy(&shallow, data + 40, 8);
	memcpy(&base, data + 48, 8);
	if (bom != BYTE_ORDER_MARK)
		return "written on a machine of another byte order";
	if (version != INDEX_VERSION)
		return "written by another version";
	if (body != size - HEADER)
		return "truncated or extended";
	if (unused != 0 || hx_checksum(data + HEADER, (size_t)body, header_seed(mode, shallow, base)) != sum)
		return "checksum mismatch";
	d->mode = mode;
	d->sum = sum;
	d->shallow = shallow;
	d->base = base;

	reader r = { data + HEADER, (size_t)body, false };
	uint64_t ntips = get64(&r), ncommits = get64(&r), nparents = get64(&r), ninfos = get64(&r);
	uint64_t nstrings = get64(&r), nrefs = get64(&r), npaths = get64(&r);
	/* Record indices and string offsets are 32 bits wide. */
	if (ncommits >= HX_NONE - first || nparents >= HX_NONE || ninfos >= HX_NONE ||
	    nstrings >= HX_NONE)
		return "counts out of range";
	const char *tips = get_section(&r, ntips, HX_OID);
	const char *commits = get_section(&r, ncommits, sizeof(hx_commit));
	const char *parents = get_section(&r, nparents, sizeof(uint32_t));
	const char *infos = get_section(&r, ninfos, sizeof(hx_info));
	const char *strings = get_section(&r, nstrings, 1);
	const char *refs = get_section(&r, nrefs, sizeof(hx_ref));
	if (r.bad)
		return "sections out of bounds";
	/* The mapping is page-aligned and every section starts at a multiple
	 * of 8, so the records can be used in place. */
	d->tips = (uint8_t(*)[HX_OID])tips;
	d->ntips = (size_t)ntips;
	d->commits = (hx_commit *)commits;
	d->ncommits = (size_t)ncommits;
	d->parents = (uint32_t *)parents;
	d->nparents = (size_t)nparents;
	d->infos = (hx_info *)infos;
	d->ninfos = (size_t)ninfos;
	d->strings.data = (char *)strings;
	d->strings.len = (size_t)nstrings;
	d->refs = (hx_ref *)refs;
	d->nrefs = (size_t)nrefs;
	/* Each path takes at least 16 bytes: a bound before allocating. */
	if (npaths > r.left / 16)
		return "sections out of bounds";
	d->cappaths = (size_t)npaths;
	d->paths = tr_calloc(d->cappaths ? d->cappaths : 1, sizeof *d->paths);
	for (uint64_t i = 0; i < npaths; i++) {
		uint64_t len = get64(&r), n = get64(&r);
		const char *path = get_section(&r, len, 1);
		const char *list = get_section(&r, n, sizeof(uint32_t));
		if (r.bad)
			return "sections out of bounds";
		if (memchr(path, '\0', (size_t)len))
			return "bad path";
		hx_path *p = &d->paths[d->npaths++];
		p->path = tr_strndup(path, (size_t)len);
		p->n = p->cap = (size_t)n;
		p->commits = tr_malloc(n ? (size_t)n * sizeof *p->commits : 1);
		if (n)
			memcpy(p->commits, list, (size_t)n * sizeof *p->commits);
	}
	if (r.left != 0)
		return "trailing data";
	return check(d, first);
}

int hx_index_read(const char *path, size_t first, hx_data *d, const char **why)
{
	memset(d, 0, sizeof *d);
	*why = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*why = "cannot be opened";
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < HEADER) {
		close(fd);
		*why = "not a triage history index";
		return -1;
	}
	size_t size = (size_t)st.st_size;
	/* Mapped, not read: the warm start uses the records where they are. */
	void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*why = "cannot be mapped";
		return -1;
	}
	d->map = map;
	d->maplen = size;
	if ((*why = parse(map, size, first, d)) != NULL) {
		hx_data_free(d);
		return -1;
	}
	return 1;
}
