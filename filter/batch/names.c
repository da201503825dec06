/* names.c — what an entry is called on the way out, and whether it is an
 * image (batch.h).
 *
 * Safe names: an archive can name an entry "/etc/passwd" or
 * "../../.ssh/authorized_keys" (the "Zip Slip" class). Whatever the
 * output, a name is rewritten to a relative path without empty or ".."
 * components: the leading '/' and empty components go, a ".." becomes
 * "__". The rewrite is recorded in the manifest (out_name),
 * never silent. "." components stay: harmless, and "./a.jpg" is how
 * `tar -C dir .` names every entry.
 *
 * Duplicates: two entries with one name would overwrite each other in a
 * directory and shadow each other in most extractors. The second becomes
 * "stem~2.ext", the third "stem~3.ext", and so on. The set of names seen
 * keeps a 16-byte BLAKE2b digest per name rather than the name, so a run
 * over a million entries costs tens of megabytes at most.
 */
#include <string.h>

#include <sodium.h>

#include "internal.h"
#include "batch/batch.h"

#define NAME_DIGEST 16

char *names_safe(const char *name, bool *changed)
{
	char **parts = g_strsplit(name, "/", -1);
	GString *out = g_string_new(NULL);
	char *trimmed;

	for (char **p = parts; *p; p++) {
		if (**p == '\0')
			continue;
		if (out->len)
			g_string_append_c(out, '/');
		g_string_append(out, strcmp(*p, "..") == 0 ? "__" : *p);
	}
	if (out->len == 0)
		g_string_append_c(out, '_');
	g_strfreev(parts);
	/* A directory entry's trailing '/' is no rename. */
	trimmed = g_strdup(name);
	while (strlen(trimmed) > 1 && g_str_has_suffix(trimmed, "/"))
		trimmed[strlen(trimmed) - 1] = '\0';
	*changed = strcmp(trimmed, out->str) != 0;
	g_free(trimmed);
	return g_string_free(out, FALSE);
}

struct name_set {
	GHashTable *seen; /* NAME_DIGEST-byte keys */
};

static guint digest_hash(gconstpointer key)
{
	guint h;

	memcpy(&h, key, sizeof h); /* already uniformly spread */
	return h;
}

static gboolean digest_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, NAME_DIGEST) == 0;
}

name_set *name_set_new(void)
{
	name_set *set = g_new0(name_set, 1);

	set->seen = g_hash_table_new_full(digest_hash, digest_equal, g_free, NULL);
	return set;
}

void name_set_free(name_set *set)
{
	if (!set)
		return;
	g_hash_table_destroy(set->seen);
	g_free(set);
}

/* Returns true when name was free, after marking it taken. */
static bool claim_one(name_set *set, const char *name)
{
	unsigned char *key = g_malloc(NAME_DIGEST);

	crypto_generichash(key, NAME_DIGEST, (const unsigned char *)name,
			   strlen(name), NULL, 0);
	if (g_hash_table_contains(set->seen, key)) {
		g_free(key);
		return false;
	}
	g_hash_table_add(set->seen, key);
	return true;
}

char *name_set_claim(name_set *set, const char *name)
{
	const char *base = strrchr(name, '/');
	const char *dot = strrchr(base ? base + 1 : name, '.');
	char *candidate;

	if (claim_one(set, name))
		return g_strdup(name);
	/* "a/b.tar.gz" -> "a/b.tar~2.gz": the last extension stays last, so
	 * the renamed file still opens as what it is. A leading dot
	 * (".profile") is a name, not an extension. */
	if (dot == (base ? base + 1 : name))
		dot = NULL;
	for (unsigned n = 2;; n++) {
		if (dot)
			candidate = g_strdup_printf("%.*s~%u%s", (int)(dot - name),
						    name, n, dot);
		else
			candidate = g_strdup_printf("%s~%u", name, n);
		if (claim_one(set, candidate))
			return candidate;
		g_free(candidate);
	}
}

/* ------------------------------------------------------------- images */

bool names_is_image(const char *name, const unsigned char *d, size_t n)
{
	static const char *const exts[] = {
		".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp",
		".tif", ".tiff", ".heic", ".heif", ".avif", ".bmp", ".jp2",
	};
	char *lower = g_ascii_strdown(name, -1);
	bool by_name = false;

	for (size_t i = 0; i < G_N_ELEMENTS(exts) && !by_name; i++)
		by_name = g_str_has_suffix(lower, exts[i]);
	g_free(lower);
	if (by_name)
		return true;
	/* Signatures: JPEG SOI + marker (ITU T.81 B.1.1.3), PNG (RFC 2083
	 * 3.1), GIF87a/89a, RIFF....WEBP (RFC 9649), TIFF II*\0 / MM\0*
	 * (TIFF 6.0 section 2), ISO BMFF "ftyp" at offset 4 (HEIF/AVIF). */
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return true;
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return true;
	if (n >= 4 && memcmp(d, "GIF8", 4) == 0)
		return true;
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return true;
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return true;
	if (n >= 12 && memcmp(d + 4, "ftyp", 4) == 0) {
		/* Still-image brands only; an MP4 video is not one. */
		static const char *const brands[] = { "heic", "heix", "mif1",
						      "msf1", "avif" };
		for (size_t i = 0; i < G_N_ELEMENTS(brands); i++)
			if (memcmp(d + 8, brands[i], 4) == 0)
				return true;
	}
	return false;
}
