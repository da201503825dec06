/* models.c — model files are checked before they are used.
 *
 * A swapped or corrupted model makes the redactor blind without any
 * error (a missed ID number is a breach), so every model file listed in
 * the models/ manifests is verified against its SHA-256 when an engine loads
 * it. The manifests are compiled in (build/models_manifest.h, generated
 * by the Makefile). A model is known by its file name wherever it lies:
 * eng.traineddata under --tessdata DIR must match the manifest's
 * eng.traineddata as it would at the Debian path (a copy of the models
 * elsewhere was once not checked at all). A file whose name no manifest
 * lists (a language we do not ship sums for) is only required to exist.
 *
 * Once per process: a file that matched is remembered with its identity
 * (device, inode, size, modification and change times, stat(2)); later
 * engines of the same process (a batch's workers, a program that makes
 * several) skip hashing it again while all of these are unchanged. A
 * rewrite of the file changes its change time (ctime), which no caller
 * can set, so a swapped model is hashed again and caught. File times
 * come from a clock that ticks in steps of milliseconds, so a file
 * changed in the last two seconds is not remembered (a rewrite in the
 * same tick would keep its times: the race git calls "racy clean").
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static const struct {
	const char *sha256;
	const char *path;
} manifest[] = {
#include "models_manifest.h"
};

/* Returns true after writing the hex SHA-256 of the file at path. */
static bool file_sha256(const char *path, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
	FILE *f = fopen(path, "rbe");
	size_t n;

	if (!f)
		return false;
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	bool ok = !ferror(f);
	fclose(f);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return ok;
}

/* Returns the file name part of path (static storage of path). */
static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Writes into pkg the Debian bookworm package that installs the model
 * file at path, or "" when we do not know it. Debian names each OCR
 * language package after its file, '_' written '-' (chi_sim.traineddata
 * is in tesseract-ocr-chi-sim, osd.traineddata in tesseract-ocr-osd:
 * packages.debian.org, bookworm); the cascades are opencv-data's. The
 * package goes into the messages below: a person reading "model ...
 * is missing" needs to know what to install. */
static void model_package(const char *path, char *pkg, size_t size)
{
	const char *name = file_name(path);
	const char *dot = strstr(name, ".traineddata");

	pkg[0] = '\0';
	if (dot && dot[strlen(".traineddata")] == '\0') {
		char *lang = g_ascii_strdown(name, dot - name);
		g_strdelimit(lang, "_", '-');
		g_snprintf(pkg, size, "tesseract-ocr-%s", lang);
		g_free(lang);
	} else if (g_str_has_suffix(name, ".xml") && strstr(path, "cascade")) {
		g_strlcpy(pkg, "opencv-data", size);
	}
}

/* What stat(2) says of a file that matched its checksum. */
typedef struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
} file_id;

static GMutex verified_lock;
static GHashTable *verified; /* path -> file_id, under verified_lock */

static bool same_id(const file_id *a, const file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->ctime.tv_sec == b->ctime.tv_sec &&
	       a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* Returns true after filling id from stat(path). */
static bool id_of(const char *path, file_id *id)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return false;
	*id = (file_id){ sb.st_dev, sb.st_ino, sb.st_size, sb.st_mtim,
			 sb.st_ctim };
	return true;
}

/* Returns true when path matched its checksum earlier in this process
 * and is the same file, unchanged. */
static bool verified_before(const char *path)
{
	file_id now;
	bool same = false;

	if (!id_of(path, &now))
		return false;
	g_mutex_lock(&verified_lock);
	const file_id *then = verified ? g_hash_table_lookup(verified, path) : NULL;
	same = then && same_id(then, &now);
	g_mutex_unlock(&verified_lock);
	return same;
}

/* Remembers that path, as it is now (before was taken before hashing it),
 * matched its checksum. A file changed while it was hashed, or in the
 * last two seconds, is not remembered. */
static void remember_verified(const char *path, const file_id *before)
{
	file_id now;

	gint64 secs = g_get_real_time() / G_USEC_PER_SEC;

	if (!id_of(path, &now) || !same_id(before, &now) ||
	    secs - now.ctime.tv_sec < 2 || secs - now.mtime.tv_sec < 2)
		return;
	g_mutex_lock(&verified_lock);
	if (!verified)
		verified = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						 g_free);
	g_hash_table_replace(verified, g_strdup(path), g_memdup2(&now, sizeof now));
	g_mutex_unlock(&verified_lock);
}

idr_status models_verify(const char *path, idr_error *err)
{
	char hex[65] = "", pkg[64];
	bool listed = false;

	model_package(path, pkg, sizeof pkg);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return pkg[0]
			? idr_fail(err, IDR_ERR_MODEL,
				   "model %s is missing: install the Debian package "
				   "%s (apt-get install %s)", path, pkg, pkg)
			: idr_fail(err, IDR_ERR_MODEL,
				   "model %s is missing: install it, or point "
				   "--tessdata at a directory holding it", path);
	if (verified_before(path))
		return IDR_OK;
	file_id before;
	if (!id_of(path, &before))
		return idr_fail(err, IDR_ERR_MODEL, "cannot read model %s", path);
	for (size_t i = 0; i < G_N_ELEMENTS(manifest); i++) {
		if (strcmp(file_name(manifest[i].path), file_name(path)) != 0)
			continue;
		if (!listed && !file_sha256(path, hex))
			return idr_fail(err, IDR_ERR_MODEL, "cannot read model %s", path);
		listed = true;
		if (strcmp(hex, manifest[i].sha256) == 0) {
			remember_verified(path, &before);
			return IDR_OK;
		}
	}
	if (listed)
		return idr_fail(err, IDR_ERR_MODEL,
				"model %s does not match its checksum in models/: "
				"reinstall it (apt-get install --reinstall %s), or "
				"after an intended Debian upgrade run models/update",
				path, pkg[0] ? pkg : "its package");
	return IDR_OK;
}
