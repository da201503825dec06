/* cli.c — the idredact program: main(), subcommand dispatch, and the
 * default command, which redacts one image:
 *
 *   idredact [OPTIONS] [IN [OUT]]      IN and OUT default to - (stdin/out)
 *
 * A thin client of include/idredact.h: parse options from the table below
 * and the engine options shared with batch (cli_opts.c), build an
 * idr_options, redact, write the report and then the image.
 * Exit codes are sysexits(3) (cli_exit_code()); every failure prints one
 * line "idredact: IN: reason" and writes nothing to OUT.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/param.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_REPORT = OPT_OWN, OPT_VERSION, OPT_HELP, OPT_TIMINGS, OPT_OVERLAY };

/* The filter's own options; the engine options (cli_opts.c) come first. */
static const struct cli_option options[] = {
	{ { "report", required_argument, NULL, OPT_REPORT }, "FILE",
	  "write a JSON report of the findings to FILE (- for stdout)" },
	{ { "overlay", required_argument, NULL, OPT_OVERLAY }, "FILE",
	  "write the UNREDACTED input, findings boxed, to FILE (keep it safe)" },
	{ { "timings", no_argument, NULL, OPT_TIMINGS }, NULL,
	  "print each stage's milliseconds to stderr" },
	{ { "quiet", no_argument, NULL, 'q' }, NULL, "print errors only" },
	{ { "verbose", no_argument, NULL, 'v' }, NULL,
	  "print what was found to stderr" },
	{ { "version", no_argument, NULL, OPT_VERSION }, NULL,
	  "print the version and exit" },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL,
	  "print this help and exit" },
};

/* Prints --help to f. */
static void usage(FILE *f)
{
	fputs("Usage: idredact [OPTIONS] [IN [OUT]]\n"
	      "       idredact batch [OPTIONS] IN OUT\n"
	      "       idredact keygen [-o KEYFILE]\n"
	      "       idredact open -i KEYFILE [IN [OUT]]\n"
	      "\n"
	      "Mask ID numbers, MRZ lines, barcodes, QR codes, faces and\n"
	      "photographs on an image of an identity document, strip its\n"
	      "metadata, and seal the original to age recipients. IN and OUT\n"
	      "default to - (stdin and stdout); the output has the input's\n"
	      "format and size.\n"
	      "'idredact batch --help' tells how to redact a whole archive.\n"
	      "\nOptions:\n", f);
	cli_print_options(f, cli_engine_options, cli_n_engine_options);
	cli_print_options(f, options, sizeof options / sizeof *options);
	fprintf(f, "\nKinds: %s\n"
		"Exit status: 0 done, 64 usage, 65 bad input, 66 no input,\n"
		"69 model missing, 70 internal error or --timeout, 73 cannot create,\n"
		"74 I/O.\n",
		idr_kind_names());
}

/* Returns the overlay format for path: what its suffix names (.jpg,
 * .jpeg, .webp, .tif, .tiff), else PNG, lossless for the labels. */
static const char *overlay_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return "png";
	if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
		return "jpeg";
	if (strcasecmp(dot, ".webp") == 0)
		return "webp";
	if (strcasecmp(dot, ".tif") == 0 || strcasecmp(dot, ".tiff") == 0)
		return "tiff";
	return "png";
}

/* Returns EXIT_OK when the files written are distinct from each other
 * and neither the report nor the overlay is IN; else EXIT_USAGE after
 * saying which collide.
 * A sealed original written where OUT or the report then goes would be
 * lost while the report still named it (security review, item 3). OUT
 * may be IN: redacting in place is a use. */
static int check_collisions(const char *in, const char *out,
			    const char *report, const char *sealed,
			    const char *overlay)
{
	const struct { const char *a, *a_name, *b, *b_name; } pairs[] = {
		{ sealed, "--sealed-out", out, "OUT" },
		{ sealed, "--sealed-out", report, "--report" },
		{ sealed, "--sealed-out", in, "IN" },
		{ sealed, "--sealed-out", overlay, "--overlay" },
		{ report, "--report", out, "OUT" },
		{ report, "--report", in, "IN" },
		{ overlay, "--overlay", out, "OUT" },
		{ overlay, "--overlay", report, "--report" },
		{ overlay, "--overlay", in, "IN" },
	};

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		const char *a = pairs[i].a, *b = pairs[i].b;
		if (!a || !b)
			continue;
		/* "-" is stdin for IN, stdout for every file written. */
		if (cli_same_file(a, STDOUT_FILENO, b,
				  b == in ? STDIN_FILENO : STDOUT_FILENO)) {
			cli_error(NULL, "%s and %s are the same file (%s)",
				  pairs[i].a_name, pairs[i].b_name, a);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* Returns an exit code after setting opts from the command line; sets
 * *in and *out to the positional arguments, *sealed to --sealed-out,
 * *overlay to --overlay and
 * *timeout to --timeout (seconds, 0 when not given). */
static int parse_options(int argc, char **argv, idr_options *opts,
			 const char **in, const char **out, const char **report,
			 const char **sealed, const char **overlay, double *timeout,
			 bool *timings)
{
	idr_error err = { 0 };

	struct option *longopts = cli_longopts(options, sizeof options / sizeof *options);
	int c, ret = EXIT_OK;

	if (!longopts)
		return EXIT_SOFTWARE;
	/* getopt's own messages carry argv[0] and span two lines; ours are
	 * one "idredact: ..." line like every other error. */
	opterr = 0;
	while (ret == EXIT_OK &&
	       (c = getopt_long(argc, argv, ":r:R:qv", longopts, NULL)) != -1) {
		if ((ret = cli_engine_option(opts, c, optarg)) >= 0) {
			/* Kept for the checks and the alarm below. */
			if (ret == EXIT_OK && c == OPT_SEALED_OUT)
				*sealed = optarg;
			if (ret == EXIT_OK && c == OPT_TIMEOUT)
				*timeout = strtod(optarg, NULL);
			continue;
		}
		ret = EXIT_OK;
		switch (c) {
		case OPT_REPORT: *report = optarg; break;
		case OPT_OVERLAY:
			*overlay = optarg;
			if (idr_options_set_overlay(opts, overlay_format(optarg), &err)) {
				cli_error(NULL, "%s", err.message);
				ret = EXIT_USAGE;
			}
			break;
		case OPT_TIMINGS: *timings = true; break;
		case 'q': cli_verbosity = 0; break;
		case 'v': cli_verbosity = 2; break;
		case OPT_VERSION:
			printf("idredact %s\n", idr_version());
			ret = -1;
			break;
		case OPT_HELP:
			usage(stdout);
			ret = -1;
			break;
		case ':':
			cli_error(NULL, "option '%s' needs a value; try 'idredact --help'",
				  argv[optind - 1]);
			ret = EXIT_USAGE;
			break;
		default:
			cli_error(NULL, "unknown option '%s'; try 'idredact --help'",
				  argv[optind - 1]);
			ret = EXIT_USAGE;
			break;
		}
	}
	free(longopts);
	if (ret)
		return ret;
	if (argc - optind > 2) {
		cli_error(NULL, "too many arguments; try 'idredact --help'");
		return EXIT_USAGE;
	}
	*in = optind < argc ? argv[optind] : "-";
	*out = optind + 1 < argc ? argv[optind + 1] : "-";
	if (*report && strcmp(*report, "-") == 0 && strcmp(*out, "-") == 0) {
		cli_error(NULL, "--report - needs OUT to be a file (stdout holds the image)");
		return EXIT_USAGE;
	}
	if (*overlay && strcmp(*overlay, "-") == 0) {
		/* Standard output would mix it with the image or the report;
		 * and an overlay is the input in the clear: it goes to a file
		 * kept like the original, named on purpose. */
		cli_error(NULL, "--overlay needs a file name, not -");
		return EXIT_USAGE;
	}
	return check_collisions(*in, *out, *report, *sealed, *overlay);
}

/* Returns what a person can do about errno e when writing or reading a
 * file ("" when nothing but the reason helps), as "; ..." to append. */
static const char *file_hint(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: return "; create its directory first";
	case EACCES: case EPERM: return "; check the permissions of it and its directory";
	case EROFS: return "; the file system is read-only, write elsewhere";
	case EISDIR: return "; that is a directory, name a file";
	case ENOSPC: case EDQUOT: return "; free some space and run again";
	default: return "";
	}
}

/* Returns what a person can do about a library failure of status, as
 * "; ..." to append to its message ("" when the message says it). */
static const char *status_hint(idr_status status)
{
	switch (status) {
	case IDR_ERR_INTERNAL:
		return "; this is a bug in idredact, please report it";
	case IDR_ERR_NOMEM:
		return "; give it more memory or lower --max-pixels";
	case IDR_ERR_CANTCREATE: /* the sealed original's file or vault */
		return "; check that the directory exists and is writable";
	case IDR_ERR_IO:
		return "; check the disk (space, errors) and run again";
	default:
		return "";
	}
}

/* Returns the exit code for a failed write to path. */
static int write_failed(const char *path)
{
	int e = errno;
	cli_error(path, "cannot write: %s%s", strerror(e), file_hint(e));
	return (e == ENOENT || e == EACCES || e == EROFS || e == EISDIR ||
		e == ENOTDIR || e == EPERM) ? EXIT_CANTCREAT : EXIT_IOERR;
}

/* The message the alarm prints, made before it can fire. */
static char limit_msg[512];
static size_t limit_len;

/* SIGALRM: the time budget ran out inside a stage that does not stop by
 * itself. Fail closed at once: nothing has been written to OUT yet (a
 * sealed original being written stays a temporary). Only
 * async-signal-safe calls here. */
static void hard_limit_hit(int sig)
{
	(void)sig;
	if (write(STDERR_FILENO, limit_msg, limit_len) < 0)
		_exit(EXIT_SOFTWARE);
	_exit(EXIT_SOFTWARE);
}

/* Arms a one-shot alarm seconds from now that ends the process with
 * EXIT_SOFTWARE and "idredact: WHAT: time limit ... exceeded". */
static void hard_limit_start(const char *what, double seconds)
{
	struct itimerval t = { { 0, 0 }, { (time_t)seconds,
		(suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) } };

	if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0)
		t.it_value.tv_usec = 1;
	int n = snprintf(limit_msg, sizeof limit_msg,
			 "idredact: %s: time limit of %g s exceeded\n", what, seconds);
	limit_len = n > 0 ? MIN((size_t)n, sizeof limit_msg - 1) : 0;
	signal(SIGALRM, hard_limit_hit);
	setitimer(ITIMER_REAL, &t, NULL);
}

/* Disarms the alarm of hard_limit_start(). */
static void hard_limit_stop(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_DFL);
}

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cli_redact(int argc, char **argv)
{
	idr_options *opts = idr_options_new();
	idr_engine *eng = NULL;
	idr_result *res = NULL;
	idr_error err = { 0 };
	unsigned char *data = NULL;
	size_t size = 0;
	const char *in = "-", *out = "-", *report = NULL, *sealed = NULL;
	const char *overlay = NULL;
	const char *what;
	double timeout = 0;
	char *json = NULL;
	bool timings = false;
	double t0, t1;
	int ret;

	if (!opts)
		return EXIT_SOFTWARE;
	ret = parse_options(argc, argv, opts, &in, &out, &report, &sealed,
			    &overlay, &timeout, &timings);
	if (ret) {
		ret = ret < 0 ? EXIT_OK : ret;
		goto out;
	}
	what = strcmp(in, "-") == 0 ? "stdin" : in;
	if (cli_read_all(in, &data, &size) < 0) {
		cli_error(what, "%s%s", errno == EFBIG ? "input over 256 MiB" : strerror(errno),
			  errno == EACCES ? file_hint(errno) : "");
		ret = errno == EFBIG ? EXIT_DATAERR :
		      errno == ENOENT || errno == EACCES ? EXIT_NOINPUT : EXIT_IOERR;
		goto out;
	}
	t0 = now_ms();
	if (idr_init(argv[0], &err) || idr_engine_new(opts, &eng, &err)) {
		cli_error(what, "%s%s", err.message, status_hint(err.status));
		ret = cli_exit_code(err.status);
		goto out;
	}
	t1 = now_ms();
	/* The library keeps the budget between stages; the alarm holds it
	 * inside a stage too. Nothing is written before it is cancelled. */
	if (timeout > 0)
		hard_limit_start(what, timeout);
	idr_status st = idr_redact(eng, data, size, &res, &err);
	if (timeout > 0)
		hard_limit_stop();
	if (st) {
		cli_error(what, "%s%s", err.message, status_hint(err.status));
		ret = cli_exit_code(err.status);
		goto out;
	}
	if (timings)
		cli_print_timings(what, res, t1 - t0, now_ms() - t1);
	if (cli_verbosity > 1)
		cli_print_findings(what, res);
	/* The report first: if it cannot be written, no image is either. */
	if (report) {
		if (!(json = idr_result_report_json(res))) {
			ret = EXIT_SOFTWARE;
			goto out;
		}
		size_t len = strlen(json);
		json[len] = '\n'; /* json-glib leaves room: its NUL */
		if (cli_write_all(report, json, len + 1) < 0) {
			ret = write_failed(report);
			goto out;
		}
	}
	/* Then the overlay: like the report, before the image. */
	if (overlay) {
		size_t overlay_size;
		const void *picture = idr_result_overlay(res, &overlay_size);
		if (cli_write_all(overlay, picture, overlay_size) < 0) {
			ret = write_failed(overlay);
			if (report && strcmp(report, "-") != 0)
				unlink(report);
			goto out;
		}
	}
	size_t out_size;
	const void *image = idr_result_image(res, &out_size);
	if (cli_write_all(out, image, out_size) < 0) {
		ret = write_failed(strcmp(out, "-") == 0 ? "stdout" : out);
		/* Fail closed: no overlay (the input in the clear) and no
		 * report are left beside an image that was not written. */
		if (overlay)
			unlink(overlay);
		if (report && strcmp(report, "-") != 0)
			unlink(report);
		goto out;
	}
	ret = EXIT_OK;
out:
	idr_free(json);
	/* The input is the original the filter exists to protect: wiped
	 * before its memory goes back (security review, item 7). */
	if (data)
		explicit_bzero(data, size);
	free(data);
	idr_result_free(res);
	idr_engine_free(eng);
	idr_options_free(opts);
	return ret;
}

int main(int argc, char **argv)
{
	/* OpenMP's thread limit can only be set in the environment before
	 * libgomp loads (filter/text/ocr.c says why we want it: OCR several times
	 * faster). So the first run sets it and starts the program again; if
	 * that fails we carry on, only slower. */
	if (!getenv("OMP_THREAD_LIMIT") && setenv("OMP_THREAD_LIMIT", "1", 1) == 0)
		execv("/proc/self/exe", argv);
	/* An image's passes allocate and free buffers of megabytes (views,
	 * pyramids, OCR's copies): glibc maps each afresh past its mmap
	 * threshold, and the page faults of the fresh pages cost 3-5 % of a
	 * card's run (farm-bench, th_card_03 and passport_01; batch -j1 over
	 * 13 samples 1.6 %). Mapped up to 32 MiB from the heap instead (the
	 * most M_MMAP_THRESHOLD takes on 64-bit, mallopt(3)), and up to 64
	 * MiB kept at the heap's top, freed memory is used again. Only the
	 * program's: the library leaves its host's malloc alone. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* A crash must not write the original, its pixels or a key to a
	 * core file. */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	/* A reader that goes away (stdout closed early) is an I/O error
	 * with a message and status 74, not a silent death by SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "keygen") == 0)
		return cli_keygen(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "open") == 0)
		return cli_open(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "batch") == 0)
		return cli_batch(argc - 1, argv + 1);
	return cli_redact(argc, argv);
}
