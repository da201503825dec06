/* bech32.c — Bech32 (BIP 173), the text encoding of age keys:
 * bech32_encode() and bech32_decode(), declared in age.h.
 *
 * age uses Bech32 "as specified in BIP173, but without length limits on
 * the data part"; strings are all upper or all lower case and the
 * checksum is always computed over the lower-case form
 * (age-encryption.org/v1, "Conventions used in this document").
 * Plain Bech32, not Bech32m (BIP 350): age keys use the BIP 173 constant.
 */
#include <ctype.h>
#include <string.h>

#include <glib.h>

#include "age.h"

/* BIP 173, "Bech32": the 32-character data alphabet. */
static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* BIP 173: an HRP is 1 to 83 characters in the range 33..126. */
#define HRP_MAX 83
#define CHECKSUM_LEN 6

/* Returns the BCH checksum state after feeding v (BIP 173, "Checksum",
 * bech32_polymod with its five generator constants). */
static uint32_t polymod_step(uint32_t chk, unsigned v)
{
	static const uint32_t gen[5] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
					 0x3d4233dd, 0x2a1462b3 };
	uint32_t top = chk >> 25;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= gen[i];
	return chk;
}

/* Returns the checksum state after the expanded lower-case HRP (BIP 173,
 * bech32_hrp_expand: high bits, a zero, low bits). */
static uint32_t polymod_hrp(const char *hrp, size_t n)
{
	uint32_t chk = 1;

	for (size_t i = 0; i < n; i++)
		chk = polymod_step(chk, (unsigned)tolower((unsigned char)hrp[i]) >> 5);
	chk = polymod_step(chk, 0);
	for (size_t i = 0; i < n; i++)
		chk = polymod_step(chk, (unsigned)tolower((unsigned char)hrp[i]) & 31);
	return chk;
}

/* Returns true when hrp has a legal length and characters. */
static bool hrp_ok(const char *hrp, size_t n)
{
	if (n < 1 || n > HRP_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (hrp[i] < 33 || hrp[i] > 126)
			return false;
	return true;
}

/* Returns the encoded string (g_malloc'ed), or NULL for a bad hrp. */
char *bech32_encode(const char *hrp, const unsigned char *data, size_t len,
		    bool upper)
{
	size_t hrp_len = strlen(hrp);
	size_t n5 = (len * 8 + 4) / 5;
	GString *out;
	uint32_t chk, acc = 0;
	unsigned bits = 0;

	if (!hrp_ok(hrp, hrp_len))
		return NULL;
	out = g_string_sized_new(hrp_len + 1 + n5 + CHECKSUM_LEN + 1);
	for (size_t i = 0; i < hrp_len; i++)
		g_string_append_c(out, (char)tolower((unsigned char)hrp[i]));
	g_string_append_c(out, '1');
	chk = polymod_hrp(hrp, hrp_len);
	/* BIP 173 reference convertbits(data, 8, 5, pad=True). */
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			unsigned v = (acc >> bits) & 31;
			chk = polymod_step(chk, v);
			g_string_append_c(out, charset[v]);
		}
	}
	if (bits > 0) {
		unsigned v = (acc << (5 - bits)) & 31;
		chk = polymod_step(chk, v);
		g_string_append_c(out, charset[v]);
	}
	for (int i = 0; i < CHECKSUM_LEN; i++)
		chk = polymod_step(chk, 0);
	chk ^= 1; /* BIP 173: the Bech32 constant */
	for (int i = 0; i < CHECKSUM_LEN; i++)
		g_string_append_c(out, charset[(chk >> (5 * (5 - i))) & 31]);
	if (upper)
		for (size_t i = 0; i < out->len; i++)
			out->str[i] = (char)toupper((unsigned char)out->str[i]);
	return g_string_free(out, FALSE);
}

/* Returns true when s decodes under hrp to at most cap bytes. */
bool bech32_decode(const char *s, const char *hrp, unsigned char *data,
		   size_t cap, size_t *len)
{
	size_t n = strlen(s), hrp_len = strlen(hrp), sep, out = 0;
	bool lower = false, upper = false;
	uint32_t chk, acc = 0;
	unsigned bits = 0;

	/* BIP 173: no mixed case; the separator is the last '1'. */
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126)
			return false;
		lower |= islower((unsigned char)s[i]) != 0;
		upper |= isupper((unsigned char)s[i]) != 0;
	}
	if (lower && upper)
		return false;
	const char *one = strrchr(s, '1');
	if (!one)
		return false;
	sep = (size_t)(one - s);
	if (!hrp_ok(s, sep) || sep != hrp_len ||
	    g_ascii_strncasecmp(s, hrp, hrp_len) != 0)
		return false;
	if (n - sep - 1 < CHECKSUM_LEN)
		return false;
	chk = polymod_hrp(s, sep);
	for (size_t i = sep + 1; i < n; i++) {
		const char *p = strchr(charset, tolower((unsigned char)s[i]));
		if (!p || !*p)
			return false;
		unsigned v = (unsigned)(p - charset);
		chk = polymod_step(chk, v);
		if (i >= n - CHECKSUM_LEN)
			continue;
		/* BIP 173 reference convertbits(data, 5, 8, pad=False). */
		acc = (acc << 5) | v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (out >= cap)
				return false;
			data[out++] = (unsigned char)(acc >> bits);
		}
	}
	acc &= (1u << bits) - 1;
	/* More than 4 leftover bits, or non-zero padding, is not canonical. */
	if (chk != 1 || bits > 4 || acc != 0)
		return false;
	*len = out;
	return true;
}
