/* check_seal.c — tests of filter/bech32.c, filter/age.c and filter/seal.c:
 * Bech32 vectors and round trips, HKDF (RFC 5869), an age file made by
 * age 1.1.1, seal/open round trips at chunk-boundary sizes, several
 * recipients, every kind of tampering, and the durability of
 * seal_original() when the writer is killed mid-write.
 * Interoperability with the age binary in both directions is tested end
 * to end in tests/e2e/seal.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "age.h"
#include "internal.h"

Suite *seal_suite(void); /* called by the generated runner */

/* ---------------------------------------------------------- helpers */

/* Returns a memfd holding data, positioned at its start. */
static int mem_fd(const void *data, size_t size)
{
	int fd = memfd_create("check_seal", MFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(age_write_full(fd, data, size), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Returns everything in fd from its start (g_malloc'ed). */
static unsigned char *fd_contents(int fd, size_t *size)
{
	struct stat sb;

	ck_assert_int_eq(fstat(fd, &sb), 0);
	unsigned char *buf = g_malloc((size_t)sb.st_size + 1);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(age_read_full(fd, buf, (size_t)sb.st_size), sb.st_size);
	*size = (size_t)sb.st_size;
	return buf;
}

/* Returns size bytes of deterministic pseudo-random data. */
static unsigned char *test_data(size_t size, unsigned seed)
{
	unsigned char *p = g_malloc(size + 1);
	uint32_t x = 2463534242u ^ seed;

	for (size_t i = 0; i < size; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
		p[i] = (unsigned char)x;
	}
	return p;
}

/* Returns the sealed form of data for the n recipients. */
static unsigned char *seal_bytes(const char *const *recipients, size_t n,
				 const void *data, size_t size, size_t *sealed_len)
{
	idr_error err = { 0 };
	int in = mem_fd(data, size);
	int out = memfd_create("sealed", MFD_CLOEXEC);

	ck_assert_int_eq(idr_seal_fd(recipients, n, in, out, &err), IDR_OK);
	unsigned char *sealed = fd_contents(out, sealed_len);
	close(in);
	close(out);
	return sealed;
}

/* Returns idr_open_fd's status; *plain gets what it wrote. */
static idr_status open_bytes(const char *identity, const void *sealed,
			     size_t len, unsigned char **plain, size_t *plain_len,
			     idr_error *err)
{
	int in = mem_fd(sealed, len);
	int out = memfd_create("plain", MFD_CLOEXEC);
	idr_status st = idr_open_fd(identity, in, out, err);

	*plain = fd_contents(out, plain_len);
	close(in);
	close(out);
	return st;
}

/* Returns the offset of the payload nonce: just past the "--- MAC" line. */
static size_t payload_offset(const unsigned char *sealed, size_t len)
{
	const unsigned char *mac = memmem(sealed, len, "\n--- ", 5);

	ck_assert_ptr_nonnull(mac);
	const unsigned char *nl = memchr(mac + 1, '\n', len - (size_t)(mac + 1 - sealed));
	ck_assert_ptr_nonnull(nl);
	return (size_t)(nl + 1 - sealed);
}

/* ----------------------------------------------------------- Bech32 */

/* BIP 173, "Test vectors": valid strings. */
START_TEST(test_bech32_valid_vectors)
{
	unsigned char data[64];
	size_t len = 99;
	/* The data part of "abcdef1qpzry…" is the 5-bit values 0..31. */
	static const unsigned char abcdef[20] = {
		0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf,
		0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf,
	};

	ck_assert(bech32_decode("A12UEL5L", "a", data, sizeof data, &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(bech32_decode("a12uel5l", "a", data, sizeof data, &len));
	ck_assert(bech32_decode("?1ezyfcl", "?", data, sizeof data, &len));
	ck_assert(bech32_decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
				"abcdef", data, sizeof data, &len));
	ck_assert_uint_eq(len, sizeof abcdef);
	ck_assert_mem_eq(data, abcdef, sizeof abcdef);

	char *s = bech32_encode("abcdef", abcdef, sizeof abcdef, false);
	ck_assert_str_eq(s, "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
	g_free(s);
	s = bech32_encode("a", NULL, 0, true);
	ck_assert_str_eq(s, "A12UEL5L");
	g_free(s);
}
END_TEST

/* BIP 173, "Test vectors": invalid strings, and mixed case. */
START_TEST(test_bech32_invalid_vectors)
{
	static const struct { const char *s, *hrp; } bad[] = {
		{ "pzry9x0s0muk", "" },    /* no separator */
		{ "1pzry9x0s0muk", "" },   /* empty HRP */
		{ "x1b4n0q5v", "x" },      /* invalid data character */
		{ "li1dgmt3", "li" },      /* checksum too short */
		{ "A1G7SGD8", "a" },       /* checksum over upper-case HRP */
		{ "10a06t8", "" },         /* empty HRP */
		{ "1qzzfhee", "" },        /* empty HRP */
		{ "A12uEL5L", "a" },       /* mixed case */
		{ "a12uel5m", "a" },       /* last checksum character changed */
		{ "b12uel5l", "a" },       /* HRP other than asked */
	};
	unsigned char data[64];
	size_t len;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		ck_assert_msg(!bech32_decode(bad[i].s, bad[i].hrp, data, sizeof data, &len),
			      "accepted %s", bad[i].s);
}
END_TEST

/* Round trips at every length, both cases, past BIP 173's 90 chars. */
START_TEST(test_bech32_round_trip)
{
	unsigned char out[128];
	size_t len;

	for (size_t n = 0; n <= 100; n++) {
		unsigned char *in = test_data(n, (unsigned)n);
		for (int upper = 0; upper < 2; upper++) {
			char *s = bech32_encode("age", in, n, upper);
			ck_assert_ptr_nonnull(s);
			ck_assert(bech32_decode(s, "age", out, sizeof out, &len));
			ck_assert_uint_eq(len, n);
			ck_assert_mem_eq(out, in, n);
			/* Any single changed character breaks the checksum. */
			size_t at = strlen(s) - 1 - n % 6;
			s[at] = s[at] == 'q' || s[at] == 'Q' ? (upper ? 'P' : 'p')
							     : (upper ? 'Q' : 'q');
			ck_assert(!bech32_decode(s, "age", out, sizeof out, &len));
			g_free(s);
		}
		g_free(in);
	}
}
END_TEST

/* age-encryption.org/v1, "The X25519 recipient type": the example
 * identity (32 bytes of 0x42) and its recipient. */
START_TEST(test_age_key_vector)
{
	unsigned char scalar[AGE_KEY], point[AGE_KEY];

	memset(scalar, 0x42, sizeof scalar);
	char *id = bech32_encode("AGE-SECRET-KEY-", scalar, sizeof scalar, true);
	ck_assert_str_eq(id, "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");
	char *r = age_recipient_of(scalar);
	ck_assert_str_eq(r, "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj");
	ck_assert(age_parse_recipient(r, point));
	ck_assert(seal_recipient_valid(r));
	g_free(id);
	g_free(r);
}
END_TEST

START_TEST(test_recipient_valid)
{
	unsigned char zero[AGE_KEY] = { 0 };
	char *id = NULL, *r = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(idr_keygen(&id, &r, &err), IDR_OK);
	ck_assert(g_str_has_prefix(r, "age1"));
	ck_assert(g_str_has_prefix(id, "AGE-SECRET-KEY-1"));
	ck_assert(seal_recipient_valid(r));
	ck_assert(!seal_recipient_valid(NULL));
	ck_assert(!seal_recipient_valid(""));
	ck_assert(!seal_recipient_valid(id)); /* an identity is no recipient */
	char *upper = g_ascii_strup(r, -1);
	ck_assert(!seal_recipient_valid(upper)); /* age accepts lower case only */
	char *cut = g_strndup(r, strlen(r) - 1);
	ck_assert(!seal_recipient_valid(cut));
	/* The all-zero point has low order: every seal to it would fail. */
	char *z = bech32_encode("age", zero, sizeof zero, false);
	ck_assert(!seal_recipient_valid(z));
	g_free(upper);
	g_free(cut);
	g_free(z);
	idr_free_secret(id);
	idr_free(r);
}
END_TEST

/* ------------------------------------------------------------- HKDF */

/* RFC 5869, Appendix A.1 (test case 1) and A.3 (empty salt and info). */
START_TEST(test_hkdf_rfc5869)
{
	static const unsigned char okm1[42] = {
		0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f,
		0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a,
		0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf, 0x34,
		0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65,
	};
	static const unsigned char okm3[42] = {
		0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f, 0x71, 0x5f, 0x80,
		0x2a, 0x06, 0x3c, 0x5a, 0x31, 0xb8, 0xa1, 0x1f, 0x5c, 0x5e, 0xe1,
		0x87, 0x9e, 0xc3, 0x45, 0x4e, 0x5f, 0x3c, 0x73, 0x8d, 0x2d, 0x9d,
		0x20, 0x13, 0x95, 0xfa, 0xa4, 0xb6, 0x1a, 0x96, 0xc8,
	};
	unsigned char ikm[22], salt[13], out[42];
	char info[11];

	memset(ikm, 0x0b, sizeof ikm);
	for (int i = 0; i < 13; i++)
		salt[i] = (unsigned char)i;
	for (int i = 0; i < 10; i++)
		info[i] = (char)(0xf0 + i);
	info[10] = '\0';
	age_hkdf_sha256(ikm, sizeof ikm, salt, sizeof salt, info, out, sizeof out);
	ck_assert_mem_eq(out, okm1, sizeof okm1);
	age_hkdf_sha256(ikm, sizeof ikm, NULL, 0, "", out, sizeof out);
	ck_assert_mem_eq(out, okm3, sizeof okm3);
}
END_TEST

/* --------------------------------------------------------- age files */

/* Made with age 1.1.1: printf 'idredact known answer\n' | age -r
 * age1zvkyg2… (the spec's example recipient, identity 0x42 * 32). */
static const char kat_identity[] =
	"# the example identity of age-encryption.org/v1\n"
	"AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n";
static const char kat_file[] =
	"age-encryption.org/v1\n"
	"-> X25519 1K8CamYZtoly4ZuJ2OGFFLAa3ri8PwawV+tMIlNGW18\n"
	"WXjMnKs6D67GNcBs79AyC8cXxp/b3shKw2aZ3msWGGA\n"
	"--- wYWQuBgn0WP3IDFVNj2MFqetKnRlu7oOaLp3aIGYQfI\n"
	"\xc6\xce\xa9\x9b\x6d\xcb\x37\x27\x43\x32\xdc\xf5\xe7\x53\x89\x2c"
	"\x43\x07\xbd\x75\x62\x55\xfb\x9f\x58\x26\x41\x04\xe9\xb8\x6d\x64"
	"\x67\xb9\xf0\x7f\x9e\x57\x58\xa9\x9e\x58\xba\x54\xd6\x67\x19\x5f"
	"\xc6\xa4\xcf\xe6\xde\xac";

START_TEST(test_open_age_made_file)
{
	unsigned char *plain;
	size_t len;
	idr_error err = { 0 };

	ck_assert_int_eq(open_bytes(kat_identity, kat_file, sizeof kat_file - 1,
				    &plain, &len, &err), IDR_OK);
	ck_assert_uint_eq(len, strlen("idredact known answer\n"));
	ck_assert_mem_eq(plain, "idredact known answer\n", len);
	g_free(plain);
}
END_TEST

/* Each key pair for the round trips (unchecked fixture: made once). */
#define N_KEYS 3
static char *ids[N_KEYS], *rcpts[N_KEYS];

static void keys_setup(void)
{
	idr_error err = { 0 };

	for (int i = 0; i < N_KEYS; i++)
		ck_assert_int_eq(idr_keygen(&ids[i], &rcpts[i], &err), IDR_OK);
}

static void keys_teardown(void)
{
	for (int i = 0; i < N_KEYS; i++) {
		idr_free_secret(ids[i]);
		idr_free(rcpts[i]);
		ids[i] = rcpts[i] = NULL;
	}
}

static const size_t round_trip_sizes[] = { 0, 1, 65535, 65536, 65537, 200000 };

START_TEST(test_round_trip_sizes)
{
	size_t size = round_trip_sizes[_i], len, plain_len;
	unsigned char *data = test_data(size, (unsigned)size), *plain;
	unsigned char *sealed = seal_bytes((const char *const *)rcpts, 1, data,
					   size, &len);
	idr_error err = { 0 };
	/* age-encryption.org/v1, "Payload": ceil(size / 64 KiB) chunks, at
	 * least one, each with a 16-byte tag, after the 16-byte nonce. */
	size_t chunks = size == 0 ? 1 : (size + AGE_CHUNK - 1) / AGE_CHUNK;

	ck_assert_uint_eq(len, payload_offset(sealed, len) + 16 + size + chunks * AGE_TAG);
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err), IDR_OK);
	ck_assert_uint_eq(plain_len, size);
	ck_assert_mem_eq(plain, data, size);
	g_free(plain);
	g_free(sealed);
	g_free(data);
}
END_TEST

START_TEST(test_multiple_recipients)
{
	unsigned char *data = test_data(70000, 7), *plain, *sealed;
	size_t len, plain_len;
	idr_error err = { 0 };
	char *other = NULL, *other_r = NULL;

	sealed = seal_bytes((const char *const *)rcpts, N_KEYS, data, 70000, &len);
	for (int i = 0; i < N_KEYS; i++) {
		ck_assert_int_eq(open_bytes(ids[i], sealed, len, &plain, &plain_len, &err), IDR_OK);
		ck_assert_uint_eq(plain_len, 70000);
		ck_assert_mem_eq(plain, data, 70000);
		g_free(plain);
	}
	/* A file of several identities opens when any one matches. */
	ck_assert_int_eq(idr_keygen(&other, &other_r, &err), IDR_OK);
	char *both = g_strdup_printf("# two keys\r\n%s\r\n\n%s\n", other, ids[2]);
	ck_assert_int_eq(open_bytes(both, sealed, len, &plain, &plain_len, &err), IDR_OK);
	ck_assert_uint_eq(plain_len, 70000);
	g_free(plain);
	/* An identity that is not a recipient opens nothing. */
	ck_assert_int_eq(open_bytes(other, sealed, len, &plain, &plain_len, &err),
			 IDR_ERR_CRYPTO);
	ck_assert_uint_eq(plain_len, 0);
	ck_assert_ptr_nonnull(strstr(err.message, "no identity"));
	g_free(plain);
	sodium_memzero(both, strlen(both));
	g_free(both);
	idr_free_secret(other);
	idr_free(other_r);
	g_free(sealed);
	g_free(data);
}
END_TEST

START_TEST(test_identity_text_rejected)
{
	unsigned char *plain, *sealed;
	size_t len, plain_len;
	idr_error err = { 0 };

	sealed = seal_bytes((const char *const *)rcpts, 1, "x", 1, &len);
	char *lower = g_ascii_strdown(ids[0], -1);
	const char *bad[] = { "", "# only a comment\n", lower, "AGE-SECRET-KEY-1QQQQ\n",
			      "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj\n" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		ck_assert_int_eq(open_bytes(bad[i], sealed, len, &plain, &plain_len, &err),
				 IDR_ERR_CRYPTO);
		ck_assert_uint_eq(plain_len, 0);
		g_free(plain);
	}
	/* Messages name the line, never its content. */
	ck_assert_ptr_null(strstr(err.message, "age1"));
	g_free(lower);
	g_free(sealed);
}
END_TEST

/* One tampering, and how much verified plaintext may precede the error
 * (idr_open_fd releases each chunk once it authenticates). */
typedef enum { FLIP, CUT, APPEND } damage;

static const struct tamper_case {
	const char *name;
	damage how;
	int where;      /* byte offset; negative counts from the end */
	bool in_header; /* where counts from the start of the file */
	size_t released; /* plaintext bytes allowed out before the error */
} tamper_cases[] = {
	{ "version line", FLIP, 3, true, 0 },
	{ "stanza share", FLIP, 40, true, 0 }, /* the line is at 22..75 */
	{ "stanza body", FLIP, 90, true, 0 },
	{ "header MAC", FLIP, -5, true, 0 },
	{ "payload nonce", FLIP, 3, false, 0 },
	{ "first chunk", FLIP, 16 + 100, false, 0 },
	{ "first tag", FLIP, 16 + 65536 + 3, false, 0 },
	{ "last chunk", FLIP, -20, false, 3 * 65536 },
	{ "last tag", FLIP, -1, false, 3 * 65536 },
	{ "cut 1 byte", CUT, -1, false, 3 * 65536 },
	/* 200000 bytes are three full chunks and one of 3392 bytes; cut at a
	 * chunk boundary, the new last chunk opens only as a middle one. */
	{ "cut last chunk", CUT, -(200000 - 3 * 65536 + 16), false, 2 * 65536 },
	{ "cut 2 chunks", CUT, -(200000 - 3 * 65536 + 16 + 65552), false, 65536 },
	{ "cut payload", CUT, 0, false, 0 },
	{ "cut in nonce", CUT, 8, false, 0 },
	{ "cut in header", CUT, 40, true, 0 },
	{ "trailing byte", APPEND, 0, false, 3 * 65536 },
};

START_TEST(test_tamper)
{
	const struct tamper_case *c = &tamper_cases[_i];
	unsigned char *data = test_data(200000, 3), *plain;
	size_t len, plain_len;
	unsigned char *sealed = seal_bytes((const char *const *)rcpts, 1, data,
					   200000, &len);
	size_t body = payload_offset(sealed, len);
	size_t hdr_end = body - 1; /* the newline ending the MAC line */
	size_t at;
	idr_error err = { 0 };

	if (c->in_header)
		at = c->where >= 0 ? (size_t)c->where : hdr_end + (size_t)(long)c->where;
	else
		at = c->where >= 0 ? body + (size_t)c->where : len + (size_t)(long)c->where;
	switch (c->how) {
	case FLIP: sealed[at] ^= 0x01; break;
	case CUT: len = at; break;
	case APPEND:
		sealed = g_realloc(sealed, len + 1);
		sealed[len++] = 0;
		break;
	}
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err),
			 IDR_ERR_CRYPTO);
	ck_assert_msg(err.message[0] != '\0', "%s: no message", c->name);
	/* Only whole, verified chunks of the original came out. */
	ck_assert_msg(plain_len == c->released, "%s: %zu bytes out, %zu allowed (%s)",
		      c->name, plain_len, c->released, err.message);
	ck_assert_mem_eq(plain, data, plain_len);
	if (c->how == CUT && !c->in_header && c->released > 0 && c->where != -1)
		ck_assert_msg(strstr(err.message, "truncated"), "%s: %s", c->name,
			      err.message);
	g_free(plain);
	g_free(sealed);
	g_free(data);
}
END_TEST

/* Appends the unpadded base64 of len bytes of bin to h. */
static void b64_to(GString *h, const unsigned char *bin, size_t len)
{
	char buf[128];
	sodium_bin2base64(buf, sizeof buf, bin, len,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	g_string_append(h, buf);
}

/* Returns an age file sealing plain to rcpt, made here step by step from
 * age-encryption.org/v1 rather than by age.c: copies X25519 stanzas for
 * rcpt, then extra (extra_len bytes, NULs allowed) as further header
 * lines, a correct header MAC, and a one-chunk payload. */
static unsigned char *handmade_age(const char *rcpt, const char *extra,
				   size_t extra_len, int copies,
				   const char *plain, size_t *len)
{
	static const unsigned char zero12[12];
	unsigned char point[AGE_KEY], file_key[16], eph[32], share[32];
	unsigned char shared[32], salt[64], wrap[32], body[32], key[32];
	unsigned char mac[32], nonce[16], chunk_nonce[12] = { [11] = 1 };
	size_t plain_len = strlen(plain);
	GString *h = g_string_new("age-encryption.org/v1\n");

	ck_assert(age_parse_recipient(rcpt, point));
	randombytes_buf(file_key, sizeof file_key);
	for (int i = 0; i < copies; i++) {
		randombytes_buf(eph, sizeof eph);
		ck_assert_int_eq(crypto_scalarmult_base(share, eph), 0);
		ck_assert_int_eq(crypto_scalarmult(shared, eph, point), 0);
		memcpy(salt, share, 32);
		memcpy(salt + 32, point, 32);
		age_hkdf_sha256(shared, 32, salt, 64, "age-encryption.org/v1/X25519",
				wrap, 32);
		crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, 16,
							  NULL, 0, NULL, zero12, wrap);
		g_string_append(h, "-> X25519 ");
		b64_to(h, share, 32);
		g_string_append_c(h, '\n');
		b64_to(h, body, 32);
		g_string_append_c(h, '\n');
	}
	g_string_append_len(h, extra, (gssize)extra_len);
	g_string_append(h, "---");
	age_hkdf_sha256(file_key, 16, NULL, 0, "header", key, 32);
	crypto_auth_hmacsha256(mac, (unsigned char *)h->str, h->len, key);
	g_string_append_c(h, ' ');
	b64_to(h, mac, 32);
	g_string_append_c(h, '\n');
	randombytes_buf(nonce, sizeof nonce);
	g_string_append_len(h, (char *)nonce, 16);
	age_hkdf_sha256(file_key, 16, nonce, 16, "payload", key, 32);
	unsigned char *sealed = g_malloc(plain_len + 16);
	crypto_aead_chacha20poly1305_ietf_encrypt(sealed, NULL, (unsigned char *)plain,
						  plain_len, NULL, 0, NULL,
						  chunk_nonce, key);
	g_string_append_len(h, (char *)sealed, (gssize)plain_len + 16);
	g_free(sealed);
	*len = h->len;
	return (unsigned char *)g_string_free(h, FALSE);
}

/* Security review (issue 18, item 5): a stanza line "-> grease\0junk junk"
 * under a correct MAC was accepted (the argument line was cut at the NUL
 * by g_strndup); age -d refuses it. The same file without the NUL opens,
 * so the hand-made file is sound and the NUL is what is refused. */
START_TEST(test_nul_in_header_refused)
{
	static const char clean[] = "-> grease junk junk\n\n";
	static const char nul[] = "-> grease\0junk junk\n\n";
	unsigned char *sealed, *plain;
	size_t len, plain_len;
	idr_error err = { 0 };

	sealed = handmade_age(rcpts[0], clean, sizeof clean - 1, 1, "hello", &len);
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err), IDR_OK);
	ck_assert_uint_eq(plain_len, 5);
	ck_assert_mem_eq(plain, "hello", 5);
	g_free(plain);
	g_free(sealed);
	sealed = handmade_age(rcpts[0], nul, sizeof nul - 1, 1, "hello", &len);
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err),
			 IDR_ERR_CRYPTO);
	ck_assert_uint_eq(plain_len, 0);
	ck_assert_ptr_nonnull(strstr(err.message, "NUL"));
	g_free(plain);
	g_free(sealed);
}
END_TEST

/* Item 7: the number of recipient stanzas is capped (256) before any
 * scalar multiplication; at the cap a file still opens. */
START_TEST(test_stanza_cap)
{
	unsigned char *sealed, *plain;
	size_t len, plain_len;
	idr_error err = { 0 };

	sealed = handmade_age(rcpts[0], "", 0, 256, "many", &len);
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err), IDR_OK);
	g_free(plain);
	g_free(sealed);
	sealed = handmade_age(rcpts[0], "", 0, 257, "many", &len);
	ck_assert_int_eq(open_bytes(ids[0], sealed, len, &plain, &plain_len, &err),
			 IDR_ERR_CRYPTO);
	ck_assert_uint_eq(plain_len, 0);
	ck_assert_ptr_nonnull(strstr(err.message, "256"));
	g_free(plain);
	g_free(sealed);
}
END_TEST

START_TEST(test_wrong_key_and_garbage)
{
	unsigned char *plain;
	size_t len = 0, plain_len;
	idr_error err = { 0 };
	static const char armored[] = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n";

	ck_assert_int_eq(open_bytes(ids[1], kat_file, sizeof kat_file - 1, &plain,
				    &plain_len, &err), IDR_ERR_CRYPTO);
	ck_assert_uint_eq(plain_len, 0);
	g_free(plain);
	ck_assert_int_eq(open_bytes(ids[0], "", 0, &plain, &plain_len, &err), IDR_ERR_CRYPTO);
	g_free(plain);
	ck_assert_int_eq(open_bytes(ids[0], armored, sizeof armored - 1, &plain,
				    &plain_len, &err), IDR_ERR_CRYPTO);
	ck_assert_ptr_nonnull(strstr(err.message, "armored"));
	g_free(plain);
	unsigned char *junk = test_data(5000, 9);
	ck_assert_int_eq(open_bytes(ids[0], junk, 5000, &plain, &plain_len, &err), IDR_ERR_CRYPTO);
	ck_assert_uint_eq(plain_len, 0);
	g_free(plain);
	g_free(junk);
	(void)len;
}
END_TEST

/* ---------------------------------------------------- seal_original */

/* Returns the strcmp order of two elements of a GPtrArray of strings. */
static int cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the names in dir, sorted, joined by spaces. */
static char *dir_listing(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;

	ck_assert_ptr_nonnull(d);
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	g_ptr_array_add(names, NULL);
	char *s = g_strjoinv(" ", (char **)names->pdata);
	g_ptr_array_free(names, TRUE);
	return s;
}

/* Returns true when the file at path opens with identity to data. */
static bool file_opens_to(const char *path, const char *identity,
			  const unsigned char *data, size_t size)
{
	idr_error err = { 0 };
	int in = open(path, O_RDONLY | O_CLOEXEC);
	int out = memfd_create("plain", MFD_CLOEXEC);
	size_t len = 0;
	bool ok;

	ck_assert_int_ge(in, 0);
	ok = idr_open_fd(identity, in, out, &err) == IDR_OK;
	unsigned char *plain = fd_contents(out, &len);
	ok = ok && len == size && memcmp(plain, data, size) == 0;
	g_free(plain);
	close(in);
	close(out);
	return ok;
}

static void rm_rf(const char *dir)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
}

START_TEST(test_seal_original_file)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *want = g_build_filename(dir, "orig.age", NULL);
	char *recips[] = { rcpts[0], rcpts[1], NULL };
	seal_target t = { .recipients = recips, .sealed_out = want };
	unsigned char *data = test_data(100000, 1);
	char *path = NULL, *ls;
	idr_error err = { 0 };
	struct stat sb;

	ck_assert_int_eq(seal_original(&t, data, 100000, &path, &err), IDR_OK);
	ck_assert_str_eq(path, want);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert(file_opens_to(path, ids[0], data, 100000));
	ck_assert(file_opens_to(path, ids[1], data, 100000));
	ls = dir_listing(dir);
	ck_assert_str_eq(ls, "orig.age"); /* no temporary left behind */
	g_free(ls);
	g_free(path);
	rm_rf(dir);
	g_free(want);
	g_free(dir);
	g_free(data);
}
END_TEST

START_TEST(test_seal_original_vault)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *vault = g_build_filename(dir, "vault", NULL); /* created on demand */
	char *recips[] = { rcpts[0], NULL };
	seal_target t = { .recipients = recips, .vault = vault };
	unsigned char hash[crypto_hash_sha256_BYTES], *sealed;
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	char *path = NULL, *path2 = NULL;
	idr_error err = { 0 };
	size_t len;

	ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err), IDR_OK);
	ck_assert(file_opens_to(path, ids[0], (const unsigned char *)"original", 8));
	/* VAULT/ab/<sha256 of the sealed file>.age */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	sealed = fd_contents(fd, &len);
	close(fd);
	crypto_hash_sha256(hash, sealed, len);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	char fan[3] = { hex[0], hex[1], 0 };
	char *name = g_strconcat(hex, ".age", NULL);
	char *want = g_build_filename(vault, fan, name, NULL);
	ck_assert_str_eq(path, want);
	/* The same original sealed again is a new file (fresh keys). */
	ck_assert_int_eq(seal_original(&t, "original", 8, &path2, &err), IDR_OK);
	ck_assert_str_ne(path, path2);
	g_free(sealed);
	g_free(name);
	g_free(want);
	g_free(path);
	g_free(path2);
	rm_rf(dir);
	g_free(vault);
	g_free(dir);
}
END_TEST

START_TEST(test_seal_original_errors)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *nowhere = g_build_filename(dir, "missing", "orig.age", NULL);
	char *here = g_build_filename(dir, "orig.age", NULL);
	char *good[] = { rcpts[0], NULL }, *bad[] = { rcpts[0], "age1nope", NULL };
	char *none[] = { NULL };
	seal_target t = { .recipients = good, .sealed_out = nowhere };
	char *path = NULL, *ls;
	idr_error err = { 0 };

	ck_assert_int_eq(seal_original(&t, "x", 1, &path, &err), IDR_ERR_CANTCREATE);
	t.sealed_out = here;
	t.recipients = bad;
	ck_assert_int_eq(seal_original(&t, "x", 1, &path, &err), IDR_ERR_CRYPTO);
	ck_assert_ptr_nonnull(strstr(err.message, "recipient 2"));
	t.recipients = none;
	ck_assert_int_eq(seal_original(&t, "x", 1, &path, &err), IDR_ERR_USAGE);
	t.recipients = good;
	t.vault = dir;
	ck_assert_int_eq(seal_original(&t, "x", 1, &path, &err), IDR_ERR_USAGE);
	ck_assert_ptr_null(path);
	ls = dir_listing(dir);
	ck_assert_str_eq(ls, ""); /* nothing created, no temporary left */
	g_free(ls);
	rm_rf(dir);
	g_free(nowhere);
	g_free(here);
	g_free(dir);
}
END_TEST

/* Security review (issue 18, item 3): an existing --sealed-out file was
 * replaced without a word. It may be the only copy of an earlier
 * original: sealing fails instead, and the file is untouched. */
START_TEST(test_seal_original_never_replaces)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *want = g_build_filename(dir, "orig.age", NULL);
	char *recips[] = { rcpts[0], NULL };
	seal_target t = { .recipients = recips, .sealed_out = want };
	char *path = NULL, *ls, *kept = NULL;
	idr_error err = { 0 };

	ck_assert(g_file_set_contents(want, "precious", -1, NULL));
	ck_assert_int_eq(seal_original(&t, "new", 3, &path, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_nonnull(strstr(err.message, "exists"));
	ck_assert_ptr_null(path);
	ck_assert(g_file_get_contents(want, &kept, NULL, NULL));
	ck_assert_str_eq(kept, "precious");
	ls = dir_listing(dir);
	ck_assert_str_eq(ls, "orig.age"); /* no temporary left */
	/* A dangling symbolic link under the name is not replaced either. */
	ck_assert_int_eq(unlink(want), 0);
	ck_assert_int_eq(symlink("/nonexistent/elsewhere", want), 0);
	ck_assert_int_eq(seal_original(&t, "new", 3, &path, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_null(path);
	g_free(kept);
	g_free(ls);
	rm_rf(dir);
	g_free(want);
	g_free(dir);
}
END_TEST

/* Item 4: the vault and its fan-out directories were used as found. With
 * every fan-out name placed as a symbolic link to a directory outside,
 * the sealed file landed outside the vault. Now nothing lands outside:
 * links are not followed, and a vault that is a link, writable by group
 * or others, or someone else's is refused. */
START_TEST(test_seal_original_vault_links)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *vault = g_build_filename(dir, "vault", NULL);
	char *outside = g_build_filename(dir, "outside", NULL);
	char *recips[] = { rcpts[0], NULL };
	seal_target t = { .recipients = recips, .vault = vault };
	char *path = NULL, *ls;
	idr_error err = { 0 };

	ck_assert_int_eq(mkdir(vault, 0700), 0);
	ck_assert_int_eq(mkdir(outside, 0700), 0);
	for (int i = 0; i < 256; i++) {
		char fan[3];
		snprintf(fan, sizeof fan, "%02x", i);
		char *link = g_build_filename(vault, fan, NULL);
		ck_assert_int_eq(symlink(outside, link), 0);
		g_free(link);
	}
	ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_null(path);
	ck_assert_ptr_nonnull(strstr(err.message, "symbolic link"));
	ls = dir_listing(outside);
	ck_assert_str_eq(ls, "");
	g_free(ls);

	/* The vault itself a link to a directory: refused. */
	char *linked = g_build_filename(dir, "linked", NULL);
	ck_assert_int_eq(symlink(outside, linked), 0);
	t.vault = linked;
	ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err), IDR_ERR_CANTCREATE);
	ls = dir_listing(outside);
	ck_assert_str_eq(ls, "");
	g_free(ls);

	/* Writable by others: refused; made private again: works. */
	t.vault = outside;
	ck_assert_int_eq(chmod(outside, 0777), 0);
	ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_nonnull(strstr(err.message, "writable"));
	ck_assert_int_eq(chmod(outside, 0700), 0);
	ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err), IDR_OK);
	ck_assert(g_str_has_prefix(path, outside));
	IDR_FREE(path);
	/* Someone else's vault (only root can make one to try). */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(outside, 65534, 65534), 0);
		ck_assert_int_eq(seal_original(&t, "original", 8, &path, &err),
				 IDR_ERR_CANTCREATE);
		ck_assert_ptr_nonnull(strstr(err.message, "belongs to uid 65534"));
	}
	rm_rf(dir);
	g_free(linked);
	g_free(outside);
	g_free(vault);
	g_free(dir);
}
END_TEST

/* A write that fails part-way (file size limit, SIGXFSZ ignored so
 * write(2) returns EFBIG) is IDR_ERR_IO and leaves nothing behind. */
START_TEST(test_seal_original_write_error)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *want = g_build_filename(dir, "orig.age", NULL);
	char *recips[] = { rcpts[0], NULL };
	seal_target t = { .recipients = recips, .sealed_out = want };
	unsigned char *data = test_data(300000, 2);
	int status = 0;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = { 100000, 100000 };
		char *path = NULL;
		idr_error err = { 0 };
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		_exit(seal_original(&t, data, 300000, &path, &err));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), IDR_ERR_IO);
	char *ls = dir_listing(dir);
	ck_assert_str_eq(ls, "");
	g_free(ls);
	rm_rf(dir);
	g_free(want);
	g_free(dir);
	g_free(data);
}
END_TEST

/* Killed while writing (SIGXFSZ at the file size limit, so the kill
 * lands mid-write every time): the final name must not exist, and the
 * partial bytes may only sit in the temporary file. */
START_TEST(test_seal_original_killed_mid_write)
{
	char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
	char *want = g_build_filename(dir, "orig.age", NULL);
	char *recips[] = { rcpts[0], NULL };
	seal_target t = { .recipients = recips, .sealed_out = want };
	unsigned char *data = test_data(300000, 4);
	int status = 0;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = { 100000, 100000 }, core = { 0, 0 };
		char *path = NULL;
		idr_error err = { 0 };
		setrlimit(RLIMIT_CORE, &core);
		setrlimit(RLIMIT_FSIZE, &rl);
		_exit(seal_original(&t, data, 300000, &path, &err) == IDR_OK ? 0 : 100);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
		      "writer was not killed mid-write (status %d)", status);
	ck_assert_int_eq(access(want, F_OK), -1);
	/* The kill really came mid-write: a partial temporary is there. */
	char *ls = dir_listing(dir);
	ck_assert_msg(g_str_has_prefix(ls, ".idredact-seal-") && !strchr(ls, ' '),
		      "left: '%s'", ls);
	char *tmp = g_build_filename(dir, ls, NULL);
	struct stat sb;
	ck_assert_int_eq(stat(tmp, &sb), 0);
	ck_assert_int_eq(sb.st_size, 100000);
	g_free(tmp);
	g_free(ls);
	rm_rf(dir);
	g_free(want);
	g_free(dir);
	g_free(data);
}
END_TEST

/* SIGKILL at spread-out moments while a child seals again and again to
 * the same name (removing the last one first: sealing never replaces):
 * afterwards the name holds nothing or a whole file. */
START_TEST(test_seal_original_sigkill)
{
	const size_t size = (size_t)4 << 20;
	unsigned char *data = test_data(size, 5);
	static const int delays_us[] = { 0, 500, 2000, 5000, 10000, 20000, 40000, 80000 };
	char *recips[] = { rcpts[0], NULL };

	for (size_t round = 0; round < G_N_ELEMENTS(delays_us); round++) {
		char *dir = g_dir_make_tmp("check_seal-XXXXXX", NULL);
		char *want = g_build_filename(dir, "orig.age", NULL);
		seal_target t = { .recipients = recips, .sealed_out = want };
		int status = 0;
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			for (;;) {
				char *path = NULL;
				idr_error err = { 0 };
				if (seal_original(&t, data, size, &path, &err) != IDR_OK)
					_exit(1);
				g_free(path);
				unlink(want);
			}
		}
		struct timespec ts = { 0, delays_us[round] * 1000L };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		if (access(want, F_OK) == 0)
			ck_assert_msg(file_opens_to(want, ids[0], data, size),
				      "round %zu: a partial file under the final name", round);
		rm_rf(dir);
		g_free(want);
		g_free(dir);
	}
	g_free(data);
}
END_TEST

Suite *seal_suite(void)
{
	Suite *s = suite_create("seal");
	TCase *tc = tcase_create("bech32 and hkdf");

	tcase_add_test(tc, test_bech32_valid_vectors);
	tcase_add_test(tc, test_bech32_invalid_vectors);
	tcase_add_test(tc, test_bech32_round_trip);
	tcase_add_test(tc, test_age_key_vector);
	tcase_add_test(tc, test_recipient_valid);
	tcase_add_test(tc, test_hkdf_rfc5869);
	tcase_add_test(tc, test_open_age_made_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("age files");
	tcase_add_unchecked_fixture(tc, keys_setup, keys_teardown);
	tcase_add_loop_test(tc, test_round_trip_sizes, 0, G_N_ELEMENTS(round_trip_sizes));
	tcase_add_test(tc, test_multiple_recipients);
	tcase_add_test(tc, test_identity_text_rejected);
	tcase_add_loop_test(tc, test_tamper, 0, G_N_ELEMENTS(tamper_cases));
	tcase_add_test(tc, test_wrong_key_and_garbage);
	tcase_add_test(tc, test_nul_in_header_refused);
	tcase_add_test(tc, test_stanza_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("seal_original");
	tcase_add_unchecked_fixture(tc, keys_setup, keys_teardown);
	tcase_add_test(tc, test_seal_original_file);
	tcase_add_test(tc, test_seal_original_vault);
	tcase_add_test(tc, test_seal_original_errors);
	tcase_add_test(tc, test_seal_original_never_replaces);
	tcase_add_test(tc, test_seal_original_vault_links);
	tcase_add_test(tc, test_seal_original_write_error);
	tcase_add_test(tc, test_seal_original_killed_mid_write);
	tcase_add_test(tc, test_seal_original_sigkill);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
