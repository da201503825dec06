/* sink.c — entries out, in the order given (batch.h): an archive written
 * through libarchive, or a directory tree.
 *
 * Nothing appears under OUT's name until sink_commit(): a file goes to
 * "OUT.idredact-XXXXXX" beside it, a directory to "OUT.idredact-XXXXXX/",
 * and both are fsync'ed and renamed at the end (rename(2) is atomic in
 * one file system), so a killed batch leaves no OUT and no partial one,
 * at worst a temporary. On standard output bytes leave as they are made.
 *
 * What an entry carries: its name, its type, its modification time from
 * the input, and nothing else of the input's metadata — mode 0640 for
 * files and 0750 for directories (the output is as sensitive as the
 * uploads), owner 0, no user or group names, no extended attributes or
 * ACLs (which can hold anything). The same input and options give the
 * same bytes: gzip is told not to store the time it ran.
 *
 * A directory output creates each component with mkdirat/openat relative
 * to its parent and O_NOFOLLOW|O_EXCL, inside a directory we made empty;
 * names come from names_safe() (no "..", no leading '/'), so no write can
 * land outside OUT.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "age.h"
#include "internal.h"
#include "batch/batch.h"

#define FILE_MODE 0640
#define DIR_MODE 0750

struct batch_sink {
	struct archive *ar;     /* archive output, or NULL */
	int fd;                 /* archive fd: the temporary file or stdout */
	int root;               /* directory output: fd of the temporary dir */
	char *final;            /* OUT, or NULL for stdout */
	char *tmp;              /* the temporary name, or NULL */
	bool is_dir;
	bool closed;            /* the archive was ended properly */
};

/* Archive names we write, by suffix (matched case-insensitively). */
static const struct {
	const char *suffix;
	int format;             /* ARCHIVE_FORMAT_* */
	int filter;             /* ARCHIVE_FILTER_* */
} out_formats[] = {
	{ ".tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_NONE },
	{ ".pax", ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE, ARCHIVE_FILTER_NONE },
	{ ".tar.gz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP },
	{ ".tgz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP },
	{ ".tar.xz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ },
	{ ".txz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ },
	{ ".tar.zst", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD },
	{ ".tzst", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD },
	{ ".tar.bz2", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_BZIP2 },
	{ ".zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE },
};

/* Returns true when path is a directory with nothing in it. */
static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	bool empty = true;

	if (!d)
		return false;
	while (empty && (de = readdir(d)))
		empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* Returns true after setting *format and *filter from out's suffix. */
static bool format_of_name(const char *out, int *format, int *filter)
{
	char *lower = g_ascii_strdown(out, -1);
	bool found = false;

	/* Longest suffix first would matter for ".tar" inside ".tar.gz";
	 * g_str_has_suffix on the whole suffix makes order irrelevant. */
	for (size_t i = 0; i < G_N_ELEMENTS(out_formats) && !found; i++)
		if (g_str_has_suffix(lower, out_formats[i].suffix)) {
			*format = out_formats[i].format;
			*filter = out_formats[i].filter;
			found = true;
		}
	g_free(lower);
	return found;
}

/* Returns IDR_OK after setting up s->ar to write format/filter to s->fd. */
static idr_status open_archive(batch_sink *s, int format, int filter,
			       idr_error *err)
{
	int r = ARCHIVE_OK;

	s->ar = archive_write_new();
	if (!s->ar)
		return idr_fail(err, IDR_ERR_NOMEM, "out of memory");
	/* Tar in any input form comes out as pax restricted: ustar where it
	 * fits, pax headers for long or non-ASCII names. */
	if (format == ARCHIVE_FORMAT_ZIP) {
		r = archive_write_set_format_zip(s->ar);
	} else if (format == ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE) {
		r = archive_write_set_format_pax(s->ar);
	} else {
		r = archive_write_set_format_pax_restricted(s->ar);
	}
	if (r == ARCHIVE_OK) {
		switch (filter) {
		case ARCHIVE_FILTER_GZIP:
			r = archive_write_add_filter_gzip(s->ar);
			/* gzip header: no time of the run (RFC 1952 MTIME 0). */
			if (r == ARCHIVE_OK)
				r = archive_write_set_filter_option(s->ar, "gzip",
								    "timestamp", NULL);
			break;
		case ARCHIVE_FILTER_XZ: r = archive_write_add_filter_xz(s->ar); break;
		case ARCHIVE_FILTER_ZSTD: r = archive_write_add_filter_zstd(s->ar); break;
		case ARCHIVE_FILTER_BZIP2: r = archive_write_add_filter_bzip2(s->ar); break;
		default: break;
		}
	}
	if (r == ARCHIVE_OK)
		r = archive_write_open_fd(s->ar, s->fd);
	if (r != ARCHIVE_OK)
		return idr_fail(err, IDR_ERR_CANTCREATE, "cannot start the archive: %s",
				archive_error_string(s->ar) ?
				archive_error_string(s->ar) : "unknown reason");
	return IDR_OK;
}

idr_status sink_open(const char *out, const batch_source *src,
		     batch_sink **sink, idr_error *err)
{
	batch_sink *s = g_new0(batch_sink, 1);
	int format = ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, filter = ARCHIVE_FILTER_NONE;
	idr_status st = IDR_OK;
	struct stat sb;

	*sink = NULL;
	s->fd = s->root = -1;
	if (strcmp(out, "-") == 0) {
		s->fd = STDOUT_FILENO;
		source_archive_format(src, &format, &filter);
		if ((st = open_archive(s, format, filter, err)))
			goto out;
	} else if (format_of_name(out, &format, &filter)) {
		s->final = g_strdup(out);
		s->tmp = g_strconcat(out, ".idredact-XXXXXX", NULL);
		if ((s->fd = mkostemp(s->tmp, O_CLOEXEC)) < 0 ||
		    fchmod(s->fd, FILE_MODE) < 0) {
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s", g_strerror(errno));
			goto out;
		}
		if ((st = open_archive(s, format, filter, err)))
			goto out;
	} else {
		/* A directory. rename(2) replaces an empty one only. "out/"
		 * is "out": the temporary goes beside it, not inside. */
		s->final = g_strdup(out);
		for (size_t n = strlen(s->final); n > 1 && s->final[n - 1] == '/'; n--)
			s->final[n - 1] = '\0';
		if (lstat(s->final, &sb) == 0 &&
		    !(S_ISDIR(sb.st_mode) && dir_is_empty(s->final))) {
			st = idr_fail(err, IDR_ERR_CANTCREATE,
				      "exists and is not an empty directory "
				      "(an archive OUT needs a suffix: .tar, .tar.gz, .zip, ...)");
			goto out;
		}
		s->is_dir = true;
		s->tmp = g_strconcat(s->final, ".idredact-XXXXXX", NULL);
		if (!mkdtemp(s->tmp)) {
			IDR_FREE(s->tmp);
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s", g_strerror(errno));
			goto out;
		}
		if (chmod(s->tmp, DIR_MODE) < 0 ||
		    (s->root = open(s->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s", g_strerror(errno));
			goto out;
		}
	}
	*sink = s;
	s = NULL;
out:
	sink_abort(s);
	return st;
}

/* Returns an fd for directory path (relative to the root, components
 * already safe) created as needed, or -1 with errno set. */
static int open_parent_dirs(int root, char **parts, int n)
{
	int fd = dup(root);

	for (int i = 0; fd >= 0 && i < n; i++) {
		int next;
		if (mkdirat(fd, parts[i], DIR_MODE) < 0 && errno != EEXIST) {
			close(fd);
			return -1;
		}
		next = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}

/* Returns IDR_OK after writing a file or directory under the root. */
static idr_status write_to_dir(batch_sink *s, const char *name, entry_type type,
			       time_t mtime, const void *data, size_t size,
			       idr_error *err)
{
	char **parts = g_strsplit(name, "/", -1);
	int n = (int)g_strv_length(parts), dir = -1, fd = -1;
	idr_status st = IDR_OK;
	struct timespec times[2] = { { .tv_nsec = UTIME_OMIT }, { mtime, 0 } };

	dir = open_parent_dirs(s->root, parts, type == ENTRY_DIR ? n : n - 1);
	if (dir < 0)
		goto failed;
	if (type == ENTRY_DIR) {
		futimens(dir, times);
		goto out;
	}
	fd = openat(dir, parts[n - 1], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		goto failed;
	if (age_write_full(fd, data, size) < 0 || futimens(fd, times) < 0) {
		st = idr_fail(err, IDR_ERR_IO, "%s: %s", name, g_strerror(errno));
		goto out;
	}
	goto out;
failed:
	/* A name that clashes with a file made earlier ("a" then "a/b"), or
	 * one too long for the file system: this entry fails, not the run. */
	st = idr_fail(err, IDR_ERR_CANTCREATE, "%s", g_strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (dir >= 0)
		close(dir);
	g_strfreev(parts);
	return st;
}

idr_status sink_write(batch_sink *s, const char *name, entry_type type,
		      time_t mtime, const void *data, size_t size,
		      idr_error *err)
{
	struct archive_entry *ae;
	idr_status st = IDR_OK;

	if (s->is_dir)
		return write_to_dir(s, name, type, mtime, data, size, err);
	ae = archive_entry_new();
	archive_entry_set_pathname_utf8(ae, name);
	if (!archive_entry_pathname(ae))
		archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, type == ENTRY_DIR ? AE_IFDIR : AE_IFREG);
	archive_entry_set_perm(ae, type == ENTRY_DIR ? DIR_MODE : FILE_MODE);
	archive_entry_set_size(ae, type == ENTRY_DIR ? 0 : (la_int64_t)size);
	archive_entry_set_mtime(ae, mtime, 0);
	if (archive_write_header(s->ar, ae) != ARCHIVE_OK ||
	    (size > 0 && archive_write_data(s->ar, data, size) != (la_ssize_t)size) ||
	    archive_write_finish_entry(s->ar) != ARCHIVE_OK)
		st = idr_fail(err, IDR_ERR_IO, "writing %s: %s", name,
			      archive_error_string(s->ar) ?
			      archive_error_string(s->ar) : g_strerror(errno));
	archive_entry_free(ae);
	return st;
}

idr_status sink_commit(batch_sink *s, idr_error *err)
{
	char *parent = s->final ? g_path_get_dirname(s->final) : NULL;
	idr_status st = IDR_OK;

	if (s->ar && archive_write_close(s->ar) != ARCHIVE_OK) {
		st = idr_fail(err, IDR_ERR_IO, "ending the archive: %s",
			      archive_error_string(s->ar) ?
			      archive_error_string(s->ar) : g_strerror(errno));
		goto out;
	}
	s->closed = true;
	if (!s->final)
		goto out; /* standard output: nothing to rename */
	/* Durable before visible: data, then the new name. syncfs() covers
	 * every file of a directory output in one call. */
	if ((s->is_dir ? syncfs(s->root) : fsync(s->fd)) < 0 ||
	    rename(s->tmp, s->final) < 0) {
		st = idr_fail(err, errno == EIO ? IDR_ERR_IO : IDR_ERR_CANTCREATE,
			      "%s: %s", s->final, g_strerror(errno));
		goto out;
	}
	IDR_FREE(s->tmp);
	if (fsync_dir(parent) < 0)
		st = idr_fail(err, IDR_ERR_IO, "fsync of %s: %s", parent,
			      g_strerror(errno));
out:
	g_free(parent);
	return st;
}

/* Returns nothing; removes directory tree fd (its contents) best-effort. */
static void remove_tree(int fd)
{
	DIR *d = fdopendir(dup(fd));
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0)
			continue;
		int sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			remove_tree(sub);
			close(sub);
		}
		unlinkat(fd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

void sink_abort(batch_sink *s)
{
	if (!s)
		return;
	/* Unless ended properly, no end-of-archive marker: a reader of a
	 * stopped stream on stdout must see it cut short, not complete. */
	if (s->ar && !s->closed)
		archive_write_fail(s->ar);
	if (s->ar)
		archive_write_free(s->ar);
	if (s->tmp && s->is_dir && s->root >= 0) {
		remove_tree(s->root);
		rmdir(s->tmp);
	} else if (s->tmp && s->is_dir) {
		rmdir(s->tmp);
	} else if (s->tmp) {
		unlink(s->tmp);
	}
	if (s->root >= 0)
		close(s->root);
	if (s->fd >= 0 && s->fd != STDOUT_FILENO)
		close(s->fd);
	g_free(s->tmp);
	g_free(s->final);
	g_free(s);
}
