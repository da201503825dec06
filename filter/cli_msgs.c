/* cli_msgs.c — the program's messages, exit codes and whole-file I/O,
 * shared by the subcommands (cli.c, cli_keys.c). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_verbosity = 1;

/* Returns the sysexits code for status. */
int cli_exit_code(idr_status status)
{
	switch (status) {
	case IDR_OK: return EXIT_OK;
	case IDR_ERR_USAGE: return EXIT_USAGE;
	case IDR_ERR_DATA: /* fall through */
	case IDR_ERR_LIMIT: /* fall through */
	case IDR_ERR_CRYPTO: /* a tampered or foreign sealed file is bad data */
	case IDR_ERR_NO_ID: return EXIT_DATAERR;
	case IDR_ERR_NOINPUT: return EXIT_NOINPUT;
	case IDR_ERR_MODEL: return EXIT_UNAVAIL;
	case IDR_ERR_CANTCREATE: return EXIT_CANTCREAT;
	case IDR_ERR_IO: return EXIT_IOERR;
	case IDR_ERR_TIMEOUT: /* fall through: fail closed, like a crash */
	case IDR_ERR_NOMEM: /* fall through */
	case IDR_ERR_INTERNAL: /* fall through */
	default: return EXIT_SOFTWARE;
	}
}

/* Prints "idredact: WHAT: reason" to stderr unless -q. */
void cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* One line always: a reason must not smuggle a newline in. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (what)
		fprintf(stderr, "idredact: %s: %s\n", what, msg);
	else
		fprintf(stderr, "idredact: %s\n", msg);
}

/* Returns 0, or -1 with errno set (EFBIG past CLI_MAX_INPUT); *data is
 * malloc'ed (never NULL on 0). */
int cli_read_all(const char *path, unsigned char **data, size_t *size)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO
					: open(path, O_RDONLY | O_CLOEXEC);
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	int ret = -1;

	if (fd < 0)
		return -1;
	for (;;) {
		if (len >= CLI_MAX_INPUT) {
			errno = EFBIG;
			goto out;
		}
		if (cap - len < 65536) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			unsigned char *n = realloc(buf, ncap);
			if (!n)
				goto out;
			buf = n;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*data = buf;
	*size = len;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	if (fd != STDIN_FILENO) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return ret;
}

/* Returns true with *sb filled when path ("-": fd) exists; otherwise
 * false with *canon the path of where it would be, its directory
 * resolved (malloc'ed; NULL when the directory does not resolve). */
static bool file_identity(const char *path, int fd, struct stat *sb,
			  char **canon)
{
	*canon = NULL;
	if (strcmp(path, "-") == 0)
		return fstat(fd, sb) == 0;
	if (stat(path, sb) == 0)
		return true;
	char *d = strdup(path), *b = strdup(path), *dir = NULL;
	if (d && b && (dir = realpath(dirname(d), NULL)) &&
	    asprintf(canon, "%s/%s", dir, basename(b)) < 0)
		*canon = NULL;
	free(dir);
	free(d);
	free(b);
	return false;
}

bool cli_same_file(const char *a, int a_fd, const char *b, int b_fd)
{
	struct stat sa, sb;
	char *ca = NULL, *cb = NULL;
	bool same, ea = file_identity(a, a_fd, &sa, &ca),
		   eb = file_identity(b, b_fd, &sb, &cb);

	if (ea && eb)
		same = sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	else
		same = !ea && !eb && ca && cb && strcmp(ca, cb) == 0;
	free(ca);
	free(cb);
	return same;
}

/* Returns 0 when all of data went to fd, or -1 with errno set. */
int cli_write_fd(int fd, const void *data, size_t size)
{
	const unsigned char *p = data;

	while (size > 0) {
		ssize_t w = write(fd, p, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		size -= (size_t)w;
	}
	return 0;
}

/* Returns 0 after fsync'ing the directory that holds path, or -1 with
 * errno set. After a rename or a create, the new name is durable only
 * once its directory is (fsync(2), Linux: "calling fsync() on a file
 * descriptor for the directory is also needed"). */
int cli_fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc, e;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Returns the mode for a new output file: 0640 less the umask. Never
 * world-readable, because a redacted card still shows a document's
 * layout and unmasked fields (and the report where it came from); never
 * more open than the umask asks, because a stricter umask (077) is the
 * operator's decision. Read once: umask(2) can only be read by setting. */
mode_t cli_output_mode(void)
{
	static mode_t mode = (mode_t)-1;

	if (mode == (mode_t)-1) {
		mode_t mask = umask(077);
		umask(mask);
		mode = 0640 & ~mask;
	}
	return mode;
}

/* Returns 0, or -1 with errno set and nothing left under path. */
int cli_write_all(const char *path, const void *data, size_t size)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (strcmp(path, "-") == 0)
		return cli_write_fd(STDOUT_FILENO, data, size);
	if (snprintf(tmp, sizeof tmp, "%s.idredact-XXXXXX", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC); /* 0600 until the fchmod */
	if (fd < 0)
		return -1;
	if (fchmod(fd, cli_output_mode()) < 0 || cli_write_fd(fd, data, size) < 0 ||
	    fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	/* Renamed: a failure from here on leaves the complete file. */
	return cli_fsync_dir_of(path);
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

/* Prints one line per finding to stderr (-v). */
void cli_print_findings(const char *in, const idr_result *res)
{
	for (size_t i = 0; i < idr_result_count(res); i++) {
		idr_finding f;
		idr_result_finding(res, i, &f);
		fprintf(stderr, "idredact: %s: %s%s%s at %d,%d %dx%d confidence %.2f%s\n",
			in, f.kind, f.country[0] ? " " : "", f.country, f.x, f.y,
			f.width, f.height, f.confidence,
			f.checksum == 1 ? " checksum ok" :
			f.checksum == 0 ? " checksum failed" : "");
	}
}

/* Prints one line of stage times to stderr (--timings): engine is the
 * model loading (left out when negative: a batch loads its engines once),
 * total the redaction (ms). */
void cli_print_timings(const char *in, const idr_result *res, double engine,
		       double total)
{
	enum { MOST = 24 }; /* stages a result may hold (engine.h) */
	const char *names[MOST];
	double ms[MOST];
	size_t n = idr_result_timings(res, names, ms, MOST);

	fprintf(stderr, "idredact: %s: timings ms:", in);
	if (engine >= 0)
		fprintf(stderr, " engine=%.1f", engine);
	for (size_t i = 0; i < n && i < MOST; i++)
		fprintf(stderr, " %s=%.1f", names[i], ms[i]);
	fprintf(stderr, " total=%.1f\n", total);
}
