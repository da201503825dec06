/* cli.h — what the files of the program (filter/cli*.c) share. The
 * program is a client of include/idredact.h only; nothing here reaches
 * into the library's internals. */
#ifndef IDR_CLI_H
#define IDR_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "idredact.h"

/* sysexits.h codes (BSD sysexits(3)), named here so the mapping below is
 * the only place that knows them. */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 64,    /* EX_USAGE */
	EXIT_DATAERR = 65,  /* EX_DATAERR */
	EXIT_NOINPUT = 66,  /* EX_NOINPUT */
	EXIT_UNAVAIL = 69,  /* EX_UNAVAILABLE: a model is missing */
	EXIT_SOFTWARE = 70, /* EX_SOFTWARE */
	EXIT_CANTCREAT = 73,/* EX_CANTCREAT */
	EXIT_IOERR = 74,    /* EX_IOERR */
};

/* Subcommands; each returns a process exit code. */
int cli_redact(int argc, char **argv); /* cli.c */
int cli_batch(int argc, char **argv);  /* cli_batch.c */
int cli_keygen(int argc, char **argv); /* cli_keys.c */
int cli_open(int argc, char **argv);   /* cli_keys.c */

/* -v and --timings of the filter and of batch: one line per finding, and
 * one line of stage milliseconds (engine < 0 leaves the model loading
 * out), on stderr (cli_msgs.c). */
void cli_print_findings(const char *what, const idr_result *res);
void cli_print_timings(const char *what, const idr_result *res, double engine,
		       double total);

/* The sysexits code for a library status (cli_msgs.c). */
int cli_exit_code(idr_status status);

/* "idredact: WHAT: reason" on stderr, one line (cli_msgs.c). */
void cli_error(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Verbosity: 0 with -q, 1 normal, 2 with -v (cli_msgs.c). */
extern int cli_verbosity;

/* Inputs are held in memory whole; past this many bytes reading stops
 * with EFBIG (a 50 Mpx image compresses far below it). */
#define CLI_MAX_INPUT ((size_t)256 << 20)

/* Read a whole file ("-" is stdin) into memory; returns 0 or -1 with
 * errno set (cli_msgs.c). Free *data with free(). */
int cli_read_all(const char *path, unsigned char **data, size_t *size);

/* Returns true when the paths a and b name the same file ("-" stands for
 * a_fd / b_fd): the same device and inode when both exist, else the same
 * name in the same directory after resolving links (cli_msgs.c). */
bool cli_same_file(const char *a, int a_fd, const char *b, int b_fd);

/* fsync the directory holding path; returns 0 or -1 with errno set
 * (cli_msgs.c). */
int cli_fsync_dir_of(const char *path);

/* The mode of a new output file: 0640 less the umask (cli_msgs.c says
 * why). */
mode_t cli_output_mode(void);

/* Write all of data to fd, retrying short writes and EINTR; returns 0
 * or -1 with errno set (cli_msgs.c). */
int cli_write_fd(int fd, const void *data, size_t size);

/* Write data to path atomically (temporary file in the same directory,
 * fsync, rename, fsync of the directory; mode 0640 less the umask) or,
 * for "-", to stdout in full. Returns 0 or -1 with errno set; on failure
 * before the rename nothing is left under path (cli_msgs.c). */
int cli_write_all(const char *path, const void *data, size_t size);

/* ------------------------------------------------------- cli_opts.c */

/* Long-option values of the shared engine options; a subcommand numbers
 * its own from OPT_OWN up. */
enum {
	OPT_SEALED_OUT = 256, OPT_VAULT, OPT_MASK, OPT_KINDS, OPT_NO_FACES,
	OPT_NO_CODES, OPT_LANG, OPT_FORMAT, OPT_MAX_PIXELS, OPT_ON_MISS,
	OPT_TESSDATA, OPT_TIMEOUT,
	OPT_OWN = 512,
};

/* An option table row: the getopt_long entry and its --help line. */
struct cli_option {
	struct option opt;
	const char *arg, *help;
};

/* The options that configure redaction and sealing (-r, -R, --vault,
 * --kinds, ...), shared by the filter and batch. */
extern const struct cli_option cli_engine_options[];
extern const size_t cli_n_engine_options;

/* Prints n rows of a table as --help lines. */
void cli_print_options(FILE *f, const struct cli_option *options, size_t n);

/* Returns a malloc'ed getopt_long table: the engine options, then own,
 * then the terminating zero row; NULL when out of memory. */
struct option *cli_longopts(const struct cli_option *own, size_t n);

/* Applies engine option c with arg to opts. Returns 0, -1 when c is not
 * an engine option, or an exit code after printing why. */
int cli_engine_option(idr_options *opts, int c, const char *arg);

/* Parses a positive decimal count; returns 0 or -1. */
int cli_parse_count(const char *arg, unsigned long long *n);

/* ---------------------------------------------------- cli_progress.c */

/* The batch progress line: on only when stderr is a terminal and not -q. */
typedef struct cli_progress {
	bool on, shown;
	long long start, last; /* CLOCK_MONOTONIC nanoseconds */
} cli_progress;

void cli_progress_init(cli_progress *p);
/* An idr_batch_progress_fn; user is the cli_progress. */
void cli_progress_update(const idr_batch_progress *s, void *user);
/* Wipes the line, if one was drawn. */
void cli_progress_end(cli_progress *p);

#endif
