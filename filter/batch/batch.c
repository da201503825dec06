/* batch.c — idr_batch (include/idredact.h): an archive or a directory of
 * images redacted as a stream, in parallel, in order, nothing lost.
 *
 *   reader (the caller's thread)   source_next() -> plan -> slot
 *   workers (jobs threads)         idr_redact() on their own engine;
 *                                  vault sealing
 *   writer (one thread)            in input order: --sealed-out tar,
 *                                  sink_write(), manifest line, progress
 *
 * Bounded memory: entries live in a ring of WINDOW(jobs) slots; the
 * reader waits while the ring is full, so at most that many entries (each
 * at most max_entry bytes, plus its redacted copy) are held at once, and
 * a slow entry holds back the ring rather than letting the others pile
 * up. Output order is the input order because the writer takes slot
 * seq % window only when its entry is done.
 *
 * Originals before output: with --vault the worker seals an entry's
 * original (fsync, rename, fsync) before it marks the entry done, and the
 * writer writes only done entries. With --sealed-out the originals go
 * into one age file in input order, and OUT (renamed into place at the
 * end) appears only after that file is complete and durable; so OUT on
 * standard output, which cannot wait, is refused with --sealed-out.
 *
 * What is sealed: the original of every redacted image and of every
 * dropped non-image (dropping must not lose it), and of a failed entry
 * with IDR_ON_ERROR_KEEP_SEALED_ONLY. A passed non-image is in OUT as it
 * was; links, devices and directories hold no data of their own.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "age.h"
#include "internal.h"
#include "engine.h"
#include "batch/batch.h"

#define DEFAULT_MAX_ENTRY ((uint64_t)64 << 20)
/* Two entries per worker: one being worked on, one waiting, plus room
 * for the writer to be a little behind. */
#define WINDOW(jobs) (2 * (jobs) + 2)

struct idr_batch {
	idr_options *opts;      /* engine settings, sealing taken out */
	seal_target seal;       /* recipients, and vault or sealed_out */
	bool sealing;
	unsigned jobs;
	idr_non_images non_images;
	idr_on_error on_error;
	uint64_t max_entry;
	int manifest_fd;
	idr_batch_progress_fn progress;
	void *progress_user;
	idr_batch_entry_fn entry_fn;
	void *entry_user;
	volatile sig_atomic_t cancelled; /* idr_batch_cancel() */
};

/* What the reader decided an entry needs. */
typedef enum plan {
	PLAN_REDACT,    /* an image */
	PLAN_PASS,      /* a non-image copied, or a directory */
	PLAN_DROP,      /* a non-image left out, or a link, device, FIFO */
	PLAN_FAIL,      /* over the entry limit */
} plan;

/* One slot of the ring. */
typedef struct job {
	batch_entry e;
	char *out_name;         /* safe and unique */
	bool renamed;
	plan plan;
	const char *reason;     /* static: why dropped or failed */
	bool ready, done;       /* read; worked on */
	bool taken;             /* a worker has it */
	/* filled by the worker */
	idr_result *res;
	double redact_ms;
	idr_error err;          /* a failed redaction */
	char *vault_path;
} job;

/* The state of one run, shared by the threads under lock. */
typedef struct run {
	idr_batch *b;
	batch_source *src;
	batch_sink *sink;
	sealed_tar *tar;
	job *ring;
	uint64_t window;
	GMutex lock;
	GCond changed;          /* any of the counters below moved */
	uint64_t read;          /* entries in the ring so far (next seq) */
	uint64_t taken;         /* next seq for a worker */
	uint64_t written;       /* next seq for the writer */
	bool reading_done;
	idr_status fatal;       /* first error that stops the run */
	idr_error fatal_err;
	idr_batch_progress counts;
	uint64_t bytes_read, bytes_total;
} run;

/* --------------------------------------------------------------- API */

IDR_API idr_status idr_batch_new(const idr_options *opts, idr_batch **out,
				 idr_error *err)
{
	idr_batch *b = g_new0(idr_batch, 1);

	*out = NULL;
	if (opts->recipients->len > 0 && !opts->sealed_out && !opts->vault) {
		g_free(b);
		return idr_fail(err, IDR_ERR_USAGE,
				"a recipient needs --sealed-out or --vault");
	}
	if ((opts->sealed_out || opts->vault) && opts->recipients->len == 0) {
		g_free(b);
		return idr_fail(err, IDR_ERR_USAGE,
				"sealing needs at least one recipient (-r or -R)");
	}
	b->opts = options_copy(opts);
	b->seal.recipients = g_new0(char *, opts->recipients->len + 1);
	for (guint i = 0; i < opts->recipients->len; i++)
		b->seal.recipients[i] = g_strdup(opts->recipients->pdata[i]);
	b->seal.sealed_out = g_strdup(opts->sealed_out);
	b->seal.vault = g_strdup(opts->vault);
	b->sealing = opts->recipients->len > 0;
	/* Engines redact only; the batch seals (one tar, or the vault). */
	g_ptr_array_set_size(b->opts->recipients, 0);
	IDR_FREE(b->opts->sealed_out);
	IDR_FREE(b->opts->vault);
	b->max_entry = DEFAULT_MAX_ENTRY;
	b->manifest_fd = -1;
	*out = b;
	return IDR_OK;
}

IDR_API void idr_batch_free(idr_batch *b)
{
	if (!b)
		return;
	idr_options_free(b->opts);
	g_strfreev(b->seal.recipients);
	g_free(b->seal.sealed_out);
	g_free(b->seal.vault);
	g_free(b);
}

IDR_API void idr_batch_set_jobs(idr_batch *b, unsigned jobs) { b->jobs = jobs; }
IDR_API void idr_batch_set_non_images(idr_batch *b, idr_non_images m) { b->non_images = m; }
IDR_API void idr_batch_set_on_error(idr_batch *b, idr_on_error p) { b->on_error = p; }
IDR_API void idr_batch_set_max_entry_bytes(idr_batch *b, uint64_t max) { b->max_entry = max; }
IDR_API void idr_batch_set_manifest_fd(idr_batch *b, int fd) { b->manifest_fd = fd; }

IDR_API void idr_batch_set_progress(idr_batch *b, idr_batch_progress_fn fn,
				    void *user)
{
	b->progress = fn;
	b->progress_user = user;
}

IDR_API void idr_batch_cancel(idr_batch *b)
{
	b->cancelled = 1;
}

IDR_API void idr_batch_set_entry_fn(idr_batch *b, idr_batch_entry_fn fn,
				    void *user)
{
	b->entry_fn = fn;
	b->entry_user = user;
}

/* ------------------------------------------------------------- shared */

/* Records the first error that stops the run; call with the lock held. */
static void stop_locked(run *r, idr_status st, const idr_error *err)
{
	if (r->fatal == IDR_OK) {
		r->fatal = st;
		r->fatal_err = *err;
		r->fatal_err.status = st;
	}
	g_cond_broadcast(&r->changed);
}

static void stop(run *r, idr_status st, const idr_error *err)
{
	g_mutex_lock(&r->lock);
	stop_locked(r, st, err);
	g_mutex_unlock(&r->lock);
}

/* Stops the run when idr_batch_cancel() was called; call with the lock
 * held. Returns true when the run is stopped, for this or another
 * reason. */
static bool stopped_locked(run *r)
{
	if (r->b->cancelled && r->fatal == IDR_OK) {
		idr_error err = { 0 };
		idr_fail(&err, IDR_ERR_CANCELLED, "cancelled");
		stop_locked(r, IDR_ERR_CANCELLED, &err);
	}
	return r->fatal != IDR_OK;
}

static void job_clear(job *j)
{
	batch_entry_clear(&j->e);
	g_free(j->out_name);
	idr_result_free(j->res);
	g_free(j->vault_path);
	memset(j, 0, sizeof *j);
}

/* Returns true when the original of j is to be sealed (see the top). */
static bool seals_original(const run *r, const job *j)
{
	if (!r->b->sealing || j->e.type != ENTRY_FILE || j->e.over_cap)
		return false;
	switch (j->plan) {
	case PLAN_REDACT:
		return j->res != NULL ||
		       r->b->on_error == IDR_ON_ERROR_KEEP_SEALED_ONLY;
	case PLAN_DROP:
		return true;
	case PLAN_FAIL:
		return r->b->on_error == IDR_ON_ERROR_KEEP_SEALED_ONLY;
	case PLAN_PASS:
	default:
		return false;
	}
}

/* ------------------------------------------------------------- reader */

/* Decides what entry j needs (in input order, so renames are stable). */
static void plan_entry(run *r, name_set *names, job *j)
{
	const batch_entry *e = &j->e;
	char *safe = names_safe(e->name, &j->renamed);

	switch (e->type) {
	case ENTRY_FILE:
		if (e->over_cap) {
			j->plan = PLAN_FAIL;
			j->reason = "over the entry size limit (--max-entry-bytes)";
		} else if (names_is_image(e->name, e->data, e->size)) {
			j->plan = PLAN_REDACT;
		} else if (r->b->non_images == IDR_NON_IMAGES_PASS) {
			j->plan = PLAN_PASS;
		} else {
			j->plan = PLAN_DROP;
			j->reason = "not an image (--non-images drop)";
		}
		break;
	case ENTRY_DIR:
		j->plan = PLAN_PASS;
		break;
	case ENTRY_SYMLINK:
		j->plan = PLAN_DROP;
		j->reason = "symbolic link, not followed";
		break;
	case ENTRY_HARDLINK:
		j->plan = PLAN_DROP;
		j->reason = "hard link, not followed";
		break;
	case ENTRY_SPECIAL:
	default:
		j->plan = PLAN_DROP;
		j->reason = "device, FIFO or socket";
		break;
	}
	/* A directory named twice is still one directory; a file named
	 * twice would overwrite or shadow the first. */
	if (e->type == ENTRY_DIR) {
		j->out_name = safe;
	} else {
		j->out_name = name_set_claim(names, safe);
		j->renamed = j->renamed || strcmp(safe, j->out_name) != 0;
		g_free(safe);
	}
}

/* Reads every entry into the ring; returns when the input ends or the
 * run stops. */
static void read_entries(run *r)
{
	name_set *names = name_set_new();
	idr_error err = { 0 };

	for (;;) {
		batch_entry e;
		bool done = false;

		g_mutex_lock(&r->lock);
		while (r->fatal == IDR_OK && r->read - r->written >= r->window)
			g_cond_wait(&r->changed, &r->lock);
		bool stopped = stopped_locked(r);
		g_mutex_unlock(&r->lock);
		if (stopped)
			break;
		idr_status st = source_next(r->src, &e, &done, &err);
		if (st != IDR_OK) {
			stop(r, st, &err);
			break;
		}
		if (done)
			break;
		job *j = &r->ring[r->read % r->window];
		job_clear(j);
		j->e = e;
		plan_entry(r, names, j);
		uint64_t pos, size;
		source_position(r->src, &pos, &size);
		g_mutex_lock(&r->lock);
		j->ready = true;
		r->read++;
		r->bytes_read = pos;
		r->bytes_total = size;
		g_cond_broadcast(&r->changed);
		g_mutex_unlock(&r->lock);
	}
	g_mutex_lock(&r->lock);
	r->reading_done = true;
	g_cond_broadcast(&r->changed);
	g_mutex_unlock(&r->lock);
	name_set_free(names);
}

/* ------------------------------------------------------------ workers */

/* Works on j outside the lock. Returns IDR_OK, or the status of an error
 * that stops the run (sealing failed: nothing may be output after it). */
static idr_status work_on(run *r, idr_engine *eng, job *j, idr_error *err)
{
	if (j->plan == PLAN_REDACT) {
		gint64 t0 = g_get_monotonic_time();
		if (idr_redact(eng, j->e.data, j->e.size, &j->res, &j->err) != IDR_OK)
			j->res = NULL;
		j->redact_ms = (g_get_monotonic_time() - t0) / 1000.0;
	}
	if (r->b->seal.vault && seals_original(r, j))
		return seal_original(&r->b->seal, j->e.data, j->e.size,
				     &j->vault_path, err);
	return IDR_OK;
}

static gpointer worker_main(gpointer data)
{
	run *r = data;
	idr_engine *eng = NULL;
	idr_error err = { 0 };
	idr_status st;

	if ((st = idr_engine_new(r->b->opts, &eng, &err))) {
		stop(r, st, &err);
		return NULL;
	}
	g_mutex_lock(&r->lock);
	for (;;) {
		while (r->fatal == IDR_OK && r->taken == r->read && !r->reading_done)
			g_cond_wait(&r->changed, &r->lock);
		if (stopped_locked(r) || r->taken == r->read)
			break;
		job *j = &r->ring[r->taken % r->window];
		r->taken++;
		g_mutex_unlock(&r->lock);
		st = work_on(r, eng, j, &err);
		g_mutex_lock(&r->lock);
		if (st != IDR_OK)
			stop_locked(r, st, &err);
		j->done = true;
		g_cond_broadcast(&r->changed);
	}
	g_mutex_unlock(&r->lock);
	idr_engine_free(eng);
	return NULL;
}

/* ------------------------------------------------------------- writer */

/* Returns IDR_OK after putting j out: sealed original (tar), output
 * entry, manifest line. A per-entry failure is recorded in the line;
 * other statuses stop the run. */
static idr_status write_entry(run *r, job *j, idr_error *err)
{
	manifest_line line = {
		.name = j->e.name, .out_name = j->renamed ? j->out_name : NULL,
		.type = j->e.type, .size = j->e.stored_size, .sha256 = j->e.sha256,
		.reason = j->reason, .result = j->res,
	};
	const void *data = j->e.data;
	size_t size = j->e.size;
	idr_error entry_err = { 0 };
	char *text = NULL;
	idr_status st = IDR_OK;
	bool failed = false;

	if (j->plan == PLAN_FAIL || (j->plan == PLAN_REDACT && !j->res)) {
		failed = true;
		if (j->plan == PLAN_REDACT)
			line.reason = j->err.message;
	}
	if (seals_original(r, j)) {
		if (r->tar) {
			if ((st = sealed_tar_add(r->tar, j->out_name, j->e.mtime,
						 j->e.data, j->e.size, err)))
				goto out;
			line.sealed_file = r->b->seal.sealed_out;
			line.sealed_member = j->out_name;
		} else {
			line.sealed_file = j->vault_path;
		}
	}
	if (j->plan == PLAN_REDACT && j->res)
		data = idr_result_image(j->res, &size);
	if (!failed && (j->plan == PLAN_REDACT || j->plan == PLAN_PASS)) {
		st = sink_write(r->sink, j->out_name, j->e.type, j->e.mtime, data,
				size, &entry_err);
		if (st == IDR_ERR_CANTCREATE) {
			/* This name cannot exist in the output directory. */
			failed = true;
			line.reason = entry_err.message;
			st = IDR_OK;
		} else if (st != IDR_OK) {
			*err = entry_err;
			goto out;
		}
	}
	line.outcome = failed ? "failed" :
		       j->plan == PLAN_REDACT ? "redacted" :
		       j->plan == PLAN_PASS ? "passed" : "dropped";
	if (r->b->manifest_fd >= 0) {
		text = manifest_format(&line);
		if (age_write_full(r->b->manifest_fd, text, strlen(text)) < 0) {
			st = idr_fail(err, IDR_ERR_IO, "writing the manifest: %s",
				      g_strerror(errno));
			goto out;
		}
	}
	if (failed)
		r->counts.failed++;
	else if (j->plan == PLAN_REDACT)
		r->counts.redacted++;
	else if (j->plan == PLAN_PASS)
		r->counts.passed++;
	else
		r->counts.dropped++;
	if (r->b->entry_fn) {
		idr_batch_entry info = {
			.name = j->e.name, .outcome = line.outcome,
			.result = failed ? NULL : j->res,
			.redact_ms = j->redact_ms,
		};
		r->b->entry_fn(&info, r->b->entry_user);
	}
	if (failed && r->b->on_error == IDR_ON_ERROR_STOP)
		st = idr_fail(err, j->plan == PLAN_FAIL ? IDR_ERR_LIMIT :
			      j->err.status ? j->err.status : IDR_ERR_DATA,
			      "%s: %s (stopped: --strict)", j->e.name, line.reason);
out:
	g_free(text);
	return st;
}

static gpointer writer_main(gpointer data)
{
	run *r = data;
	idr_error err = { 0 };

	g_mutex_lock(&r->lock);
	for (;;) {
		job *j = &r->ring[r->written % r->window];
		while (r->fatal == IDR_OK && !(r->written < r->read && j->done) &&
		       !(r->reading_done && r->written == r->read))
			g_cond_wait(&r->changed, &r->lock);
		if (r->fatal != IDR_OK || r->written == r->read)
			break;
		g_mutex_unlock(&r->lock);
		idr_status st = write_entry(r, j, &err);
		g_mutex_lock(&r->lock);
		if (st != IDR_OK) {
			stop_locked(r, st, &err);
			break;
		}
		job_clear(j);
		r->written++;
		r->counts.entries_done = r->written;
		r->counts.bytes_read = r->bytes_read;
		r->counts.bytes_total = r->bytes_total;
		idr_batch_progress snapshot = r->counts;
		g_cond_broadcast(&r->changed);
		if (r->b->progress) {
			g_mutex_unlock(&r->lock);
			r->b->progress(&snapshot, r->b->progress_user);
			g_mutex_lock(&r->lock);
		}
	}
	g_mutex_unlock(&r->lock);
	return NULL;
}

/* ---------------------------------------------------------------- run */

/* Returns true when path (existing or not) lies inside directory dir. */
static bool path_inside(const char *dir, const char *path)
{
	char *dir_real = realpath(dir, NULL);
	char *parent = g_path_get_dirname(path);
	char *parent_real = realpath(parent, NULL);
	bool inside = false;

	if (dir_real && parent_real) {
		size_t n = strlen(dir_real);
		inside = strncmp(parent_real, dir_real, n) == 0 &&
			 (parent_real[n] == '\0' || parent_real[n] == '/' ||
			  strcmp(dir_real, "/") == 0);
	}
	free(dir_real);
	free(parent_real);
	g_free(parent);
	return inside;
}

/* Returns IDR_OK when the combination of in, out and options can run. */
static idr_status check_paths(const idr_batch *b, const char *in,
			      const char *out, idr_error *err)
{
	if (b->seal.sealed_out && strcmp(out, "-") == 0)
		return idr_fail(err, IDR_ERR_USAGE,
				"--sealed-out needs OUT to be a file or directory: on "
				"standard output an entry cannot wait for the sealed "
				"file to be complete (use --vault)");
	if (b->on_error == IDR_ON_ERROR_KEEP_SEALED_ONLY && !b->sealing)
		return idr_fail(err, IDR_ERR_USAGE,
				"--on-error keep-sealed-only needs recipients and "
				"--sealed-out or --vault");
	if (strcmp(in, "-") != 0 && g_file_test(in, G_FILE_TEST_IS_DIR)) {
		const char *outputs[] = { out, b->seal.sealed_out, b->seal.vault };
		for (size_t i = 0; i < G_N_ELEMENTS(outputs); i++)
			if (outputs[i] && strcmp(outputs[i], "-") != 0 &&
			    path_inside(in, outputs[i]))
				return idr_fail(err, IDR_ERR_USAGE,
						"%s is inside the input directory %s",
						outputs[i], in);
	}
	return IDR_OK;
}

IDR_API idr_status idr_batch_run(idr_batch *b, const char *in, const char *out,
				 idr_batch_progress *summary, idr_error *err)
{
	run r = { .b = b };
	unsigned jobs = b->jobs ? b->jobs : MAX(1u, g_get_num_processors());
	GThread **workers = NULL, *writer = NULL;
	idr_status st;

	if (summary)
		memset(summary, 0, sizeof *summary);
	if ((st = check_paths(b, in, out, err)) || (st = idr_init(NULL, err)))
		return st;
	if ((st = source_open(in, b->max_entry, &r.src, err)))
		return st;
	if ((st = sink_open(out, r.src, &r.sink, err)))
		goto out;
	if (b->seal.sealed_out &&
	    (st = sealed_tar_open(b->seal.sealed_out, b->seal.recipients, &r.tar, err)))
		goto out;
	r.counts.entries_total = source_total_entries(r.src);
	r.window = WINDOW(jobs);
	r.ring = g_new0(job, r.window);
	g_mutex_init(&r.lock);
	g_cond_init(&r.changed);
	workers = g_new0(GThread *, jobs);
	for (unsigned i = 0; i < jobs; i++)
		workers[i] = g_thread_new("idr-worker", worker_main, &r);
	writer = g_thread_new("idr-writer", writer_main, &r);
	read_entries(&r);
	for (unsigned i = 0; i < jobs; i++)
		g_thread_join(workers[i]);
	g_thread_join(writer);
	if ((st = r.fatal)) {
		*err = r.fatal_err;
		goto out;
	}
	/* The originals are durable before OUT gets its name. */
	if (r.tar && (st = sealed_tar_commit(r.tar, err)))
		goto out;
	if ((st = sink_commit(r.sink, err)))
		goto out;
	if (summary)
		*summary = r.counts;
out:
	if (err && st)
		err->status = st;
	for (uint64_t i = 0; r.ring && i < r.window; i++)
		job_clear(&r.ring[i]);
	g_free(r.ring);
	g_free(workers);
	if (r.window) {
		g_mutex_clear(&r.lock);
		g_cond_clear(&r.changed);
	}
	/* After a commit these only free; before one they also remove the
	 * temporaries. */
	sealed_tar_abort(r.tar);
	sink_abort(r.sink);
	source_close(r.src);
	return st;
}
