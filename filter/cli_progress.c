/* cli_progress.c — the progress line of `idredact batch` on stderr.
 *
 * As zstd does it (programs/zstdcli.c, fileio.c): only when stderr is a
 * terminal and not -q, redrawn in place with "\r" at most about six times
 * a second, and wiped at the end so the terminal is left as it was. A log
 * file or a pipe gets nothing. What it shows: entries done (of the total
 * when the input is a directory), the share of the input read (an archive
 * file), entries a second, the time left, and failures so far.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define REFRESH_NS (1000000000LL / 6)

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void cli_progress_init(cli_progress *p)
{
	p->on = cli_verbosity > 0 && isatty(STDERR_FILENO);
	p->start = p->last = now_ns();
	p->shown = false;
}

/* Returns the fraction of the work done, or -1 when it cannot be told. */
static double fraction_done(const idr_batch_progress *s)
{
	if (s->entries_total)
		return (double)s->entries_done / (double)s->entries_total;
	if (s->bytes_total)
		return (double)s->bytes_read / (double)s->bytes_total;
	return -1;
}

void cli_progress_update(const idr_batch_progress *s, void *user)
{
	cli_progress *p = user;
	long long t = now_ns();
	char line[160];
	int n;

	if (!p->on || t - p->last < REFRESH_NS)
		return;
	p->last = t;
	double secs = (double)(t - p->start) / 1e9;
	double rate = secs > 0 ? (double)s->entries_done / secs : 0;
	double done = fraction_done(s);
	if (s->entries_total)
		n = snprintf(line, sizeof line, "%llu/%llu entries",
			     (unsigned long long)s->entries_done,
			     (unsigned long long)s->entries_total);
	else if (done >= 0)
		n = snprintf(line, sizeof line, "%llu entries, %.0f%% of input",
			     (unsigned long long)s->entries_done, 100 * done);
	else
		n = snprintf(line, sizeof line, "%llu entries",
			     (unsigned long long)s->entries_done);
	n += snprintf(line + n, sizeof line - (size_t)n, ", %.1f/s", rate);
	if (done > 0.01 && done < 1) {
		long left = (long)(secs / done * (1 - done));
		n += snprintf(line + n, sizeof line - (size_t)n, ", ETA %ld:%02ld",
			      left / 60, left % 60);
	}
	if (s->failed)
		snprintf(line + n, sizeof line - (size_t)n, ", %llu failed",
			 (unsigned long long)s->failed);
	fprintf(stderr, "\r\033[Kidredact: %s", line);
	fflush(stderr);
	p->shown = true;
}

void cli_progress_end(cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}
