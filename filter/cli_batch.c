/* cli_batch.c — the batch subcommand of the program (cli.h):
 *
 *   idredact batch [OPTIONS] IN OUT
 *
 * A thin client of idr_batch (include/idredact.h), which does the work:
 * here are the options (the engine options of cli_opts.c plus the table
 * below), the manifest file, the progress line and the exit code.
 *
 * The manifest goes to --manifest FILE (written under a temporary name
 * and renamed once the batch completed), or "-" for stdout; with neither
 * it goes to stdout when OUT is not stdout. Exit status: 0 when every
 * entry was handled and none failed; 65 when some entry failed (OUT
 * holds the others, the manifest says which and why); otherwise the
 * run stopped, and OUT, the --sealed-out file and the manifest file do
 * not exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_MANIFEST = OPT_OWN, OPT_STRICT, OPT_ON_ERROR, OPT_NON_IMAGES,
	OPT_MAX_ENTRY, OPT_TIMINGS, OPT_HELP,
};

static const struct cli_option options[] = {
	{ { "jobs", required_argument, NULL, 'j' }, "N",
	  "worker threads, one engine each (default: the cores)" },
	{ { "manifest", required_argument, NULL, OPT_MANIFEST }, "FILE",
	  "write the JSON Lines manifest to FILE (- for stdout)" },
	{ { "non-images", required_argument, NULL, OPT_NON_IMAGES }, "WHAT",
	  "drop (default) or pass entries that are not images" },
	{ { "on-error", required_argument, NULL, OPT_ON_ERROR }, "WHAT",
	  "skip (default) or keep-sealed-only a failed entry" },
	{ { "strict", no_argument, NULL, OPT_STRICT }, NULL,
	  "stop at the first entry that fails" },
	{ { "max-entry-bytes", required_argument, NULL, OPT_MAX_ENTRY }, "N",
	  "fail entries larger than N bytes (default 67108864)" },
	{ { "timings", no_argument, NULL, OPT_TIMINGS }, NULL,
	  "print each image's stage milliseconds to stderr" },
	{ { "quiet", no_argument, NULL, 'q' }, NULL,
	  "no progress line, errors only" },
	{ { "verbose", no_argument, NULL, 'v' }, NULL,
	  "print each entry's outcome and findings to stderr" },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL,
	  "print this help and exit" },
};
#define N_OPTIONS (sizeof options / sizeof *options)

static void usage(FILE *f)
{
	fputs("Usage: idredact batch [OPTIONS] IN OUT\n"
	      "\n"
	      "Redact every image of an archive or a directory tree. IN is a\n"
	      "directory, or a tar, pax or zip archive (plain, .gz, .xz, .zst,\n"
	      ".bz2), or - for an archive on stdin. OUT is - (stdout, in IN's\n"
	      "archive format), a file named .tar .pax .tar.gz .tgz .tar.xz\n"
	      ".tar.zst .tar.bz2 or .zip, or a new directory. Entries keep\n"
	      "their order and names (made safe: no leading /, no ..; a\n"
	      "duplicate becomes name~2.ext); links and devices are dropped.\n"
	      "Originals of redacted and dropped entries are sealed into\n"
	      "--vault, or into --sealed-out as one age file holding a tar.\n"
	      "Every entry gets one line in the manifest.\n"
	      "\nOptions:\n", f);
	cli_print_options(f, cli_engine_options, cli_n_engine_options);
	cli_print_options(f, options, N_OPTIONS);
	fputs("\nExit status: 0 done, 65 some entry failed (see the manifest)\n"
	      "or IN is not a readable archive, 64 usage, 66 no input,\n"
	      "69 model missing, 70 internal error, 73 cannot create, 74 I/O.\n",
	      f);
}

/* The command line, parsed. */
typedef struct batch_args {
	const char *in, *out, *manifest;
	unsigned jobs;
	idr_non_images non_images;
	idr_on_error on_error;
	unsigned long long max_entry;
	const char *sealed;     /* --sealed-out, for check_collisions() */
	bool timings;
} batch_args;

/* Returns EXIT_OK when the sealed file, OUT, the manifest and IN are
 * distinct files and no sealed file is there yet; else EXIT_USAGE or
 * EXIT_CANTCREAT after saying why. A sealed tar written where OUT or the
 * manifest then goes, or over an earlier one, would lose originals
 * (security review, issue 18, item 3, as for the filter). Checked before
 * the first entry; the final rename refuses to replace too. */
static int check_collisions(const batch_args *a)
{
	const struct { const char *a, *a_name, *b, *b_name; } pairs[] = {
		{ a->sealed, "--sealed-out", a->out, "OUT" },
		{ a->sealed, "--sealed-out", a->manifest, "--manifest" },
		{ a->sealed, "--sealed-out", a->in, "IN" },
		{ a->manifest, "--manifest", a->out, "OUT" },
		{ a->manifest, "--manifest", a->in, "IN" },
	};
	struct stat sb;

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		if (!pairs[i].a || !pairs[i].b)
			continue;
		if (cli_same_file(pairs[i].a, STDOUT_FILENO, pairs[i].b,
				  pairs[i].b == a->in ? STDIN_FILENO : STDOUT_FILENO)) {
			cli_error("batch", "%s and %s are the same file (%s)",
				  pairs[i].a_name, pairs[i].b_name, pairs[i].a);
			return EXIT_USAGE;
		}
	}
	if (a->sealed && lstat(a->sealed, &sb) == 0) {
		cli_error(a->sealed, "file exists; refusing to replace a sealed original");
		return EXIT_CANTCREAT;
	}
	return EXIT_OK;
}

/* Returns an exit code (-1: done, e.g. --help) after filling a and opts. */
static int parse_options(int argc, char **argv, idr_options *opts,
			 batch_args *a)
{
	struct option *longopts = cli_longopts(options, N_OPTIONS);
	unsigned long long n;
	int c, ret = EXIT_OK;

	if (!longopts)
		return EXIT_SOFTWARE;
	opterr = 0;
	optind = 1;
	while (ret == EXIT_OK &&
	       (c = getopt_long(argc, argv, ":r:R:j:qv", longopts, NULL)) != -1) {
		if ((ret = cli_engine_option(opts, c, optarg)) >= 0) {
			if (ret == EXIT_OK && c == OPT_SEALED_OUT)
				a->sealed = optarg;
			continue;
		}
		ret = EXIT_OK;
		switch (c) {
		case 'j':
			if (cli_parse_count(optarg, &n) || n > 256) {
				cli_error("batch", "-j needs a number from 1 to 256, not '%s'", optarg);
				ret = EXIT_USAGE;
			}
			a->jobs = (unsigned)n;
			break;
		case OPT_MANIFEST: a->manifest = optarg; break;
		case OPT_NON_IMAGES:
			if (strcmp(optarg, "drop") == 0)
				a->non_images = IDR_NON_IMAGES_DROP;
			else if (strcmp(optarg, "pass") == 0)
				a->non_images = IDR_NON_IMAGES_PASS;
			else {
				cli_error("batch", "--non-images is drop or pass, not '%s'", optarg);
				ret = EXIT_USAGE;
			}
			break;
		case OPT_ON_ERROR:
			if (strcmp(optarg, "skip") == 0)
				a->on_error = IDR_ON_ERROR_SKIP;
			else if (strcmp(optarg, "keep-sealed-only") == 0)
				a->on_error = IDR_ON_ERROR_KEEP_SEALED_ONLY;
			else {
				cli_error("batch", "--on-error is skip or keep-sealed-only, not '%s'",
					  optarg);
				ret = EXIT_USAGE;
			}
			break;
		case OPT_STRICT: a->on_error = IDR_ON_ERROR_STOP; break;
		case OPT_MAX_ENTRY:
			if (cli_parse_count(optarg, &a->max_entry)) {
				cli_error("batch", "--max-entry-bytes needs a positive number, not '%s'",
					  optarg);
				ret = EXIT_USAGE;
			}
			break;
		case OPT_TIMINGS: a->timings = true; break;
		case 'q': cli_verbosity = 0; break;
		case 'v': cli_verbosity = 2; break;
		case OPT_HELP:
			usage(stdout);
			ret = -1;
			break;
		case ':':
			cli_error("batch", "option '%s' needs a value; try 'idredact batch --help'",
				  argv[optind - 1]);
			ret = EXIT_USAGE;
			break;
		default:
			cli_error("batch", "unknown option '%s'; try 'idredact batch --help'",
				  argv[optind - 1]);
			ret = EXIT_USAGE;
			break;
		}
	}
	free(longopts);
	if (ret)
		return ret;
	if (argc - optind != 2) {
		cli_error("batch", "needs IN and OUT; try 'idredact batch --help'");
		return EXIT_USAGE;
	}
	a->in = argv[optind];
	a->out = argv[optind + 1];
	if (a->manifest && strcmp(a->manifest, "-") == 0 && strcmp(a->out, "-") == 0) {
		cli_error("batch", "--manifest - needs OUT to be a file or directory "
			  "(stdout holds the archive)");
		return EXIT_USAGE;
	}
	return check_collisions(a);
}

/* The manifest's destination: a temporary file renamed at the end, or
 * stdout, or none. */
typedef struct manifest_file {
	int fd;
	char tmp[PATH_MAX];
	const char *path;       /* NULL for stdout or none */
} manifest_file;

/* Returns 0 after opening the manifest, or an exit code. */
static int manifest_open(manifest_file *m, const batch_args *a)
{
	m->fd = -1;
	m->path = NULL;
	if (!a->manifest) {
		if (strcmp(a->out, "-") != 0)
			m->fd = STDOUT_FILENO;
		return EXIT_OK;
	}
	if (strcmp(a->manifest, "-") == 0) {
		m->fd = STDOUT_FILENO;
		return EXIT_OK;
	}
	if (snprintf(m->tmp, sizeof m->tmp, "%s.idredact-XXXXXX", a->manifest) >=
	    (int)sizeof m->tmp || (m->fd = mkostemp(m->tmp, O_CLOEXEC)) < 0 ||
	    fchmod(m->fd, cli_output_mode()) < 0) {
		cli_error(a->manifest, "%s", strerror(errno));
		if (m->fd >= 0) {
			close(m->fd);
			unlink(m->tmp);
		}
		m->fd = -1;
		return EXIT_CANTCREAT;
	}
	m->path = a->manifest;
	return EXIT_OK;
}

/* Returns 0 after making the manifest file durable under its name (keep)
 * or removing it; an exit code when that failed. */
static int manifest_close(manifest_file *m, bool keep)
{
	int ret = EXIT_OK;

	if (!m->path)
		return EXIT_OK;
	if (keep && (fsync(m->fd) < 0 || rename(m->tmp, m->path) < 0)) {
		cli_error(m->path, "%s", strerror(errno));
		ret = EXIT_IOERR;
		keep = false;
	}
	close(m->fd);
	if (!keep)
		unlink(m->tmp);
	/* Renamed: the name is durable once its directory is. */
	else if (cli_fsync_dir_of(m->path) < 0) {
		cli_error(m->path, "fsync of its directory: %s", strerror(errno));
		ret = EXIT_IOERR;
	}
	return ret;
}

/* An idr_batch_entry_fn for -v and --timings (user: the batch_args).
 * Entry names come from the archive: control bytes are printed as '?' so
 * that a hostile name cannot write to the terminal. */
static void print_entry(const idr_batch_entry *e, void *user)
{
	const batch_args *a = user;
	char *name = strdup(e->name);

	if (!name)
		return;
	for (unsigned char *p = (unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (cli_verbosity > 1) {
		fprintf(stderr, "idredact: %s: %s\n", name, e->outcome);
		if (e->result)
			cli_print_findings(name, e->result);
	}
	if (a->timings && e->result)
		cli_print_timings(name, e->result, -1, e->redact_ms);
	free(name);
}

/* SIGINT, SIGTERM and SIGHUP cancel the running batch (its temporaries
 * are removed, OUT is not made); the program then dies of the same
 * signal, so that its parent sees why. The entry being redacted is
 * finished first, so this takes up to one image's time. */
static idr_batch *running;
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
	if (running)
		idr_batch_cancel(running);
}

static void catch_signals(idr_batch *batch)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	running = batch;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		/* A signal ignored when we started stays ignored (a shell
		 * starts background jobs with SIGINT ignored). */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Dies of the signal caught, with its default action. */
static void die_of_caught(void)
{
	int sig = caught;

	signal(sig, SIG_DFL);
	raise(sig);
}

int cli_batch(int argc, char **argv)
{
	idr_options *opts = idr_options_new();
	idr_batch *batch = NULL;
	idr_batch_progress done = { 0 };
	idr_error err = { 0 };
	batch_args a = { .on_error = IDR_ON_ERROR_SKIP };
	manifest_file m = { .fd = -1 };
	cli_progress progress;
	idr_status st;
	int ret;

	if (!opts)
		return EXIT_SOFTWARE;
	if ((ret = parse_options(argc, argv, opts, &a))) {
		ret = ret < 0 ? EXIT_OK : ret;
		goto out;
	}
	if (idr_init(NULL, &err) || idr_batch_new(opts, &batch, &err)) {
		cli_error(a.in, "%s", err.message);
		ret = cli_exit_code(err.status);
		goto out;
	}
	if ((ret = manifest_open(&m, &a)))
		goto out;
	idr_batch_set_jobs(batch, a.jobs);
	idr_batch_set_non_images(batch, a.non_images);
	idr_batch_set_on_error(batch, a.on_error);
	if (a.max_entry)
		idr_batch_set_max_entry_bytes(batch, a.max_entry);
	idr_batch_set_manifest_fd(batch, m.fd);
	if (a.timings || cli_verbosity > 1)
		idr_batch_set_entry_fn(batch, print_entry, &a);
	cli_progress_init(&progress);
	if (progress.on)
		idr_batch_set_progress(batch, cli_progress_update, &progress);
	catch_signals(batch);
	st = idr_batch_run(batch, a.in, a.out, &done, &err);
	running = NULL;
	cli_progress_end(&progress);
	const char *what = strcmp(a.in, "-") == 0 ? "stdin" : a.in;
	if (st != IDR_OK) {
		if (st == IDR_ERR_CANCELLED && caught)
			cli_error(what, "stopped by signal %d; nothing written",
				  (int)caught);
		else
			cli_error(what, "%s", err.message);
		ret = cli_exit_code(st);
		manifest_close(&m, false);
		if (st == IDR_ERR_CANCELLED && caught) {
			idr_batch_free(batch);
			idr_options_free(opts);
			die_of_caught();
		}
		goto out;
	}
	if ((ret = manifest_close(&m, true)))
		goto out;
	if (done.failed) {
		cli_error(what, "%llu of %llu entries failed (the manifest says why)",
			  (unsigned long long)done.failed,
			  (unsigned long long)done.entries_done);
		ret = EXIT_DATAERR;
	}
out:
	idr_batch_free(batch);
	idr_options_free(opts);
	return ret;
}
