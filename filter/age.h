/* age.h — the age v1 file format (age-encryption.org/v1) and the Bech32
 * key encoding it uses, shared by filter/age.c, filter/bech32.c,
 * filter/seal.c and their tests. Not exported from the library.
 *
 * The public entry points (idr_keygen, idr_seal_fd, idr_open_fd) live in
 * age.c; seal.c adds durable storage on top of age_sealer.
 */
#ifndef IDR_AGE_H
#define IDR_AGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "idredact.h"

/* age-encryption.org/v1, "Payload": plaintext chunks of 64 KiB, each
 * followed by a 16-byte Poly1305 tag. */
#define AGE_CHUNK ((size_t)64 * 1024)
#define AGE_TAG 16
#define AGE_KEY 32 /* X25519 scalars and points, HKDF outputs */

/* ------------------------------------------------------------- bech32.c */

/* BIP 173 Bech32 of data (8-bit bytes) under hrp, without the 90-character
 * limit (age-encryption.org/v1, "Conventions"). upper selects the
 * all-uppercase form (age identities). Returns a g_malloc'ed string, or
 * NULL when hrp is not 1..83 printable ASCII characters. */
char *bech32_encode(const char *hrp, const unsigned char *data, size_t len,
		    bool upper);

/* Decode s, check the checksum and that its HRP equals hrp (compared in
 * lower case). Up to cap bytes go to data, *len gets the count. Returns
 * true on success; false for a bad checksum, mixed case, a wrong HRP,
 * bad padding or more than cap bytes. */
bool bech32_decode(const char *s, const char *hrp, unsigned char *data,
		   size_t cap, size_t *len);

/* ---------------------------------------------------------------- age.c */

/* HKDF-SHA-256 (RFC 5869): Extract with salt, Expand with info, into
 * out_len <= 255*32 bytes of out. */
void age_hkdf_sha256(const unsigned char *ikm, size_t ikm_len,
		     const unsigned char *salt, size_t salt_len,
		     const char *info, unsigned char *out, size_t out_len);

/* Parse an "age1..." recipient into its X25519 point. Returns true when
 * well formed. */
bool age_parse_recipient(const char *s, unsigned char point[AGE_KEY]);

/* The "age1..." form of the recipient of a 32-byte identity scalar;
 * g_malloc'ed, NULL on failure. */
char *age_recipient_of(const unsigned char scalar[AGE_KEY]);

/* The encrypting half of the format, fed by the caller one chunk at a
 * time so the plaintext can come from memory or from a file descriptor. */
typedef struct age_sealer {
	unsigned char payload_key[AGE_KEY]; /* wiped by age_sealer_wipe() */
	uint64_t counter;                   /* index of the next chunk */
	bool done;                          /* the final chunk went out */
} age_sealer;

/* Wrap a fresh file key to every recipient and start a payload.
 * *header (g_malloc'ed, *header_len bytes) holds the text header and
 * the 16-byte payload nonce, to be written before the first chunk.
 * Returns IDR_OK, or IDR_ERR_CRYPTO for a malformed recipient (named in
 * err), IDR_ERR_USAGE for no recipients. */
idr_status age_sealer_start(age_sealer *s, const char *const *recipients,
			    size_t n, unsigned char **header,
			    size_t *header_len, idr_error *err);

/* Encrypt len <= AGE_CHUNK bytes of in as the next chunk into out
 * (len + AGE_TAG bytes). last marks the final chunk; only the final
 * chunk may be short, and it may be empty only when it is the first. */
void age_sealer_chunk(age_sealer *s, const unsigned char *in, size_t len,
		      bool last, unsigned char *out);

/* Forget the payload key. */
void age_sealer_wipe(age_sealer *s);

/* Read from fd until size bytes or end of file; returns the count, or
 * -1 with errno set. */
ssize_t age_read_full(int fd, void *buf, size_t size);

/* Write all of buf to fd; returns 0, or -1 with errno set. */
int age_write_full(int fd, const void *buf, size_t size);

#endif /* IDR_AGE_H */
