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
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

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

idr_status models_verify(const char *path, idr_error *err)
{
	char hex[65] = "";
	bool listed = false;

	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return idr_fail(err, IDR_ERR_MODEL,
				"model %s is missing (make deps installs it)", path);
	for (size_t i = 0; i < G_N_ELEMENTS(manifest); i++) {
		if (strcmp(file_name(manifest[i].path), file_name(path)) != 0)
			continue;
		if (!listed && !file_sha256(path, hex))
			return idr_fail(err, IDR_ERR_MODEL, "cannot read model %s", path);
		listed = true;
		if (strcmp(hex, manifest[i].sha256) == 0)
			return IDR_OK;
	}
	if (listed)
		return idr_fail(err, IDR_ERR_MODEL,
				"model %s does not match its checksum in models/",
				path);
	return IDR_OK;
}
