/* cli_keys.c — the key subcommands of the program (cli.h):
 *
 *   idredact keygen [-o KEYFILE]             cli_keygen()
 *   idredact open -i KEYFILE [IN [OUT]]      cli_open()
 *
 * keygen writes an identity in age-keygen's text form (age(1),
 * age-keygen(1)): "# created:" and "# public key:" comments, then the
 * AGE-SECRET-KEY-1 line; to stdout, or to a new 0600 KEYFILE that it
 * never overwrites (the public key then goes to stderr, as age-keygen
 * prints it).
 *
 * open decrypts a sealed original (or any binary age file for X25519
 * identities). Identity files must not be accessible to group or others:
 * such a file is refused with exit 66 (EX_NOINPUT: the key cannot be used
 * as given), like ssh refuses an unprotected private key; so is one that
 * belongs to another user. Nothing that has not been authenticated in
 * full is released: OUT is written to a temporary file beside it, renamed
 * only on success; for stdout the sealed file (never the plaintext) is
 * spooled (in memory up to SPOOL_MEM_MAX when IN is a regular file that
 * small, otherwise in an unlinked temporary file under $TMPDIR), verified
 * in full, then decrypted a second time to stdout: open_to_stdout().
 *
 * A thin client of include/idredact.h; secrets read here are wiped with
 * explicit_bzero() before their memory is freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* An identity file is a few lines; anything larger is not one. */
#define IDENTITY_MAX ((size_t)64 << 10)
/* A sealed file bound for stdout is spooled in memory (memfd) up to
 * this size. */
#define SPOOL_MEM_MAX ((off_t)32 << 20)

enum { OPT_HELP = 256 };

/* Prints one line for a getopt error of subcommand cmd; returns
 * EXIT_USAGE. */
static int option_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		cli_error(cmd, "option '%s' needs a value; try 'idredact %s --help'",
			  argv[optind - 1], cmd);
	else
		cli_error(cmd, "unknown option '%s'; try 'idredact %s --help'",
			  argv[optind - 1], cmd);
	return EXIT_USAGE;
}

/* ------------------------------------------------------------- keygen */

static const struct option keygen_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Prints keygen's --help to f. */
static void keygen_usage(FILE *f)
{
	fputs("Usage: idredact keygen [-o KEYFILE]\n"
	      "\n"
	      "Generate an X25519 identity in age's format. The identity goes to\n"
	      "KEYFILE (created 0600, never overwritten) or to stdout; with -o the\n"
	      "public key (age1...) is also printed to stderr. Give the public key\n"
	      "to 'idredact -r'; keep the file offline for 'idredact open -i' or\n"
	      "'age -d -i'.\n"
	      "\nOptions:\n"
	      "  -o, --output KEYFILE  write the identity to a new file KEYFILE\n"
	      "      --help            print this help and exit\n"
	      "\nExit status: 0 done, 64 usage, 73 KEYFILE exists or cannot be\n"
	      "created, 74 I/O error.\n", f);
}

/* Writes the current local time as RFC 3339 ("2006-01-02T15:04:05+07:00",
 * the form age-keygen prints) into buf. */
static void rfc3339_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char zone[8];

	localtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	/* strftime's %z is "+0700"; RFC 3339 wants "+07:00" or "Z". */
	strftime(zone, sizeof zone, "%z", &tm);
	if (strcmp(zone, "+0000") == 0)
		strncat(buf, "Z", size - strlen(buf) - 1);
	else if (strlen(zone) == 5) {
		char z[8] = { zone[0], zone[1], zone[2], ':', zone[3], zone[4], '\0' };
		strncat(buf, z, size - strlen(buf) - 1);
	}
}

/* Returns an exit code; the key goes to path or to stdout (path NULL). */
int cli_keygen(int argc, char **argv)
{
	const char *path = NULL;
	char *identity = NULL, *recipient = NULL, *text = NULL;
	char created[64];
	size_t text_len = 0;
	idr_error err = { 0 };
	idr_status st;
	int c, fd = -1, ret = EXIT_OK;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", keygen_options, NULL)) != -1) {
		switch (c) {
		case 'o': path = optarg; break;
		case OPT_HELP: keygen_usage(stdout); return EXIT_OK;
		default: return option_error("keygen", c, argv);
		}
	}
	if (optind != argc) {
		cli_error("keygen", "unexpected argument '%s'; try 'idredact keygen --help'",
			  argv[optind]);
		return EXIT_USAGE;
	}
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if (path) {
		/* O_EXCL: an existing identity is never overwritten. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			cli_error(path, "%s", errno == EEXIST
				  ? "file exists; refusing to overwrite an identity"
				  : strerror(errno));
			return EXIT_CANTCREAT;
		}
	}
	st = idr_keygen(&identity, &recipient, &err);
	if (st != IDR_OK) {
		cli_error("keygen", "%s", err.message);
		ret = cli_exit_code(st);
		goto out;
	}
	rfc3339_now(created, sizeof created);
	text_len = strlen(created) + strlen(recipient) + strlen(identity) + 64;
	text = malloc(text_len);
	if (!text) {
		cli_error("keygen", "%s", strerror(errno));
		ret = EXIT_SOFTWARE;
		goto out;
	}
	snprintf(text, text_len, "# created: %s\n# public key: %s\n%s\n", created,
		 recipient, identity);
	if (cli_write_fd(path ? fd : STDOUT_FILENO, text, strlen(text)) < 0 ||
	    (path && fsync(fd) < 0)) {
		cli_error(path ? path : "stdout", "%s", strerror(errno));
		ret = EXIT_IOERR;
		goto out;
	}
	if (path) {
		if (close(fd) < 0 || (fd = -1, cli_fsync_dir_of(path) < 0)) {
			fd = -1;
			cli_error(path, "%s", strerror(errno));
			ret = EXIT_IOERR;
			goto out;
		}
		fprintf(stderr, "Public key: %s\n", recipient);
	}
out:
	if (fd >= 0)
		close(fd);
	/* A key file left half-written would be a key nobody can use. */
	if (path && ret != EXIT_OK && ret != EXIT_CANTCREAT)
		unlink(path);
	if (text) {
		explicit_bzero(text, text_len);
		free(text);
	}
	idr_free_secret(identity);
	idr_free(recipient);
	return ret;
}

/* --------------------------------------------------------------- open */

static const struct option open_options[] = {
	{ "identity", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Prints open's --help to f. */
static void open_usage(FILE *f)
{
	fputs("Usage: idredact open -i KEYFILE [IN [OUT]]\n"
	      "\n"
	      "Decrypt a sealed original (a binary age file) with the X25519\n"
	      "identities in KEYFILE (as written by 'idredact keygen' or\n"
	      "age-keygen). IN and OUT default to - (stdin and stdout). Nothing\n"
	      "is written unless the whole file authenticates: OUT appears only\n"
	      "complete, and stdout gets the plaintext only after the last chunk\n"
	      "verified. 'age -d -i KEYFILE' opens the same files.\n"
	      "\nOptions:\n"
	      "  -i, --identity KEYFILE  an identity file (mode 0600 or stricter);\n"
	      "                          repeatable\n"
	      "      --help              print this help and exit\n"
	      "\nExit status: 0 done, 64 usage, 65 wrong key, tampered or truncated\n"
	      "file, 66 IN or KEYFILE missing, unreadable, or KEYFILE readable by\n"
	      "group or others, 73 cannot create OUT, 74 I/O error.\n", f);
}

/* Appends the identity file at path to *text (malloc'ed, grown with
 * wiping). Returns 0 or an exit code after printing why. */
static int read_identity_file(const char *path, char **text, size_t *len)
{
	struct stat sb;
	char *buf = NULL, *grown = NULL;
	ssize_t got = 0;
	int fd, ret = EXIT_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error(path, "%s", strerror(errno));
		return EXIT_NOINPUT;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		cli_error(path, "identity file is not a regular file");
		ret = EXIT_NOINPUT;
		goto out;
	}
	/* Another user's file: whoever owns it can read or replace the key. */
	if (sb.st_uid != geteuid()) {
		cli_error(path, "identity file belongs to uid %u, not to us; refusing it",
			  (unsigned)sb.st_uid);
		ret = EXIT_NOINPUT;
		goto out;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		cli_error(path, "identity file is accessible by group or others "
			  "(mode %04o); refusing it, run 'chmod 600 %s'",
			  (unsigned)(sb.st_mode & 07777), path);
		ret = EXIT_NOINPUT;
		goto out;
	}
	buf = malloc(IDENTITY_MAX + 1);
	if (!buf) {
		ret = EXIT_SOFTWARE;
		goto out;
	}
	for (size_t have = 0;;) {
		got = read(fd, buf + have, IDENTITY_MAX + 1 - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cli_error(path, "%s", strerror(errno));
			ret = EXIT_IOERR;
			goto out;
		}
		have += (size_t)got;
		if (got == 0 || have > IDENTITY_MAX) {
			got = (ssize_t)have;
			break;
		}
	}
	if ((size_t)got > IDENTITY_MAX) {
		cli_error(path, "identity file is larger than %zu bytes", IDENTITY_MAX);
		ret = EXIT_DATAERR;
		goto out;
	}
	/* Grow by copying into fresh memory so the old copy can be wiped
	 * (realloc would free it unwiped). */
	grown = malloc(*len + (size_t)got + 2);
	if (!grown) {
		ret = EXIT_SOFTWARE;
		goto out;
	}
	if (*text)
		memcpy(grown, *text, *len);
	memcpy(grown + *len, buf, (size_t)got);
	grown[*len + (size_t)got] = '\n';
	grown[*len + (size_t)got + 1] = '\0';
	if (*text) {
		explicit_bzero(*text, *len);
		free(*text);
	}
	*text = grown;
	*len += (size_t)got + 1;
out:
	if (buf) {
		explicit_bzero(buf, IDENTITY_MAX + 1);
		free(buf);
	}
	close(fd);
	return ret;
}

/* Returns an fd to hold the sealed file on its way to stdout: a memfd
 * when the input is a regular file small enough, else an unlinked file
 * in $TMPDIR (or /tmp). Returns -1 with errno set on failure. */
static int open_spool(int in_fd)
{
	struct stat sb;
	const char *dir = getenv("TMPDIR");
	char tmp[PATH_MAX];
	int fd;

	if (fstat(in_fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= SPOOL_MEM_MAX) {
		fd = memfd_create("idredact-open", MFD_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* File systems without O_TMPFILE: create, then unlink at once. */
	if (snprintf(tmp, sizeof tmp, "%s/idredact-open-XXXXXX", dir) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmp);
	return fd;
}

/* Returns 0 after copying from (from where it stands to its end) to to,
 * or -1 with errno set. */
static int copy_stream(int from, int to)
{
	char buf[65536];

	for (;;) {
		ssize_t r = read(from, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		if (cli_write_fd(to, buf, (size_t)r) < 0)
			return -1;
	}
}

/* Returns an exit code after decrypting in_fd (named in) to stdout.
 * Nothing goes out before the whole file authenticated, and no plaintext
 * is stored on the way (security review, item 6): the sealed bytes are
 * copied to a private spool, opened once with the plaintext thrown away
 * (every chunk and the final flag verified), then opened again to
 * stdout. Decrypting twice costs far less than a plaintext copy of the
 * original on a disk, and the spool, unlike IN, cannot change between
 * the two passes. */
static int open_to_stdout(const char *ids, const char *in, int in_fd)
{
	idr_error err = { 0 };
	idr_status st;
	int spool = -1, sink = -1, ret = EXIT_OK;

	spool = open_spool(in_fd);
	if (spool < 0) {
		cli_error(in, "cannot make a spool file: %s", strerror(errno));
		ret = EXIT_CANTCREAT;
		goto out;
	}
	if (copy_stream(in_fd, spool) < 0 || lseek(spool, 0, SEEK_SET) < 0) {
		cli_error(in, "%s", strerror(errno));
		ret = EXIT_IOERR;
		goto out;
	}
	sink = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (sink < 0) {
		cli_error("/dev/null", "%s", strerror(errno));
		ret = EXIT_SOFTWARE;
		goto out;
	}
	if ((st = idr_open_fd(ids, spool, sink, &err)) != IDR_OK) {
		cli_error(in, "%s", err.message);
		ret = cli_exit_code(st);
		goto out;
	}
	/* Verified: what can fail now is writing to stdout. */
	if (lseek(spool, 0, SEEK_SET) < 0 ||
	    (st = idr_open_fd(ids, spool, STDOUT_FILENO, &err)) != IDR_OK) {
		cli_error("stdout", "%s", err.message[0] ? err.message : strerror(errno));
		ret = st ? cli_exit_code(st) : EXIT_IOERR;
	}
out:
	if (sink >= 0)
		close(sink);
	if (spool >= 0)
		close(spool);
	return ret;
}

/* Returns an exit code after decrypting IN to OUT. */
int cli_open(int argc, char **argv)
{
	const char *in = "-", *out = "-";
	char *ids = NULL, tmp[PATH_MAX] = "";
	size_t ids_len = 0;
	idr_error err = { 0 };
	idr_status st;
	int c, in_fd = -1, out_fd = -1, ret = EXIT_OK;
	bool any_identity = false;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:", open_options, NULL)) != -1) {
		switch (c) {
		case 'i':
			any_identity = true;
			if ((ret = read_identity_file(optarg, &ids, &ids_len)))
				goto out;
			break;
		case OPT_HELP: open_usage(stdout); goto out;
		default: ret = option_error("open", c, argv); goto out;
		}
	}
	if (!any_identity || argc - optind > 2) {
		cli_error("open", "%s; try 'idredact open --help'",
			  any_identity ? "too many arguments" : "an identity file (-i KEYFILE) is required");
		ret = EXIT_USAGE;
		goto out;
	}
	if (optind < argc)
		in = argv[optind];
	if (optind + 1 < argc)
		out = argv[optind + 1];

	in_fd = strcmp(in, "-") == 0 ? STDIN_FILENO : open(in, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		cli_error(in, "%s", strerror(errno));
		ret = EXIT_NOINPUT;
		goto out;
	}
	if (strcmp(out, "-") == 0) {
		ret = open_to_stdout(ids, in, in_fd);
		goto out;
	}
	/* Beside OUT, so the final rename stays on one file system. */
	if (snprintf(tmp, sizeof tmp, "%s.idredact-XXXXXX", out) >= (int)sizeof tmp) {
		cli_error(out, "%s", strerror(ENAMETOOLONG));
		tmp[0] = '\0';
		ret = EXIT_CANTCREAT;
		goto out;
	}
	out_fd = mkostemp(tmp, O_CLOEXEC); /* 0600: it is the original */
	if (out_fd < 0) {
		cli_error(out, "%s", strerror(errno));
		tmp[0] = '\0';
		ret = EXIT_CANTCREAT;
		goto out;
	}
	st = idr_open_fd(ids, in_fd, out_fd, &err);
	if (st != IDR_OK) {
		cli_error(in, "%s", err.message);
		ret = cli_exit_code(st);
		goto out;
	}
	if (fsync(out_fd) < 0 || close(out_fd) < 0) {
		out_fd = -1;
		cli_error(out, "%s", strerror(errno));
		ret = EXIT_IOERR;
		goto out;
	}
	out_fd = -1;
	if (rename(tmp, out) < 0) {
		cli_error(out, "%s", strerror(errno));
		ret = EXIT_CANTCREAT;
		goto out;
	}
	tmp[0] = '\0';
	if (cli_fsync_dir_of(out) < 0) {
		cli_error(out, "fsync of its directory: %s", strerror(errno));
		ret = EXIT_IOERR;
	}
out:
	if (out_fd >= 0)
		close(out_fd);
	if (tmp[0])
		unlink(tmp);
	if (in_fd >= 0 && in_fd != STDIN_FILENO)
		close(in_fd);
	if (ids) {
		explicit_bzero(ids, ids_len);
		free(ids);
	}
	return ret;
}
