/* shapes.c — matching what OCR read against a kind's shape, forgiving the
 * confusions OCR makes between letters, digits and symbols.
 *
 * A shape is a tiny pattern over normalised characters:
 *   d        a digit          L       a letter A-Z
 *   [..]     one of the listed characters (a-b ranges allowed)
 *   0-9 A-Z  that very character (other than d and L)
 *   {m} {m,n} repeat the token before;  |  separates alternatives
 * Each character is read as the shape expects at its position (O->0 at a
 * digit, 0->O at a letter, and so on); the count of such confusions goes
 * back to the caller, which decides how many it believes.
 *
 * Interface (ids.h): shape_match(), token_parse(), token_accept(),
 * digit_for(), is_alnum_cell(), lookalike_is_weak(),
 * has_symbol_lookalike(), shape_has_letter(), shape_edge_letter().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* Symbols tesseract returns for letters and digits on cards (seen in its
 * readings of cards at 150-400 dpi: "§4736145G" for S1736145G, chevrons
 * read as «). Strong ones always belong to the word they are in; weak
 * ones, which are also separators, only glued to a letter or digit. */
static const struct {
	gunichar sym;
	const char *letters; /* what it may stand for, most likely first */
	char digit;          /* or 0 */
	bool weak;
} lookalikes[] = {
	{ 0x00A7, "S", '5', false },  /* § */
	{ '$', "S", '5', false },
	/* €: also a bold 6 ("€ 1981 16482 27 9" for a Thai ID's first
	 * group, DejaVu Sans Bold under tesseract 5 eng+tha) */
	{ 0x20AC, "CE", '6', false },
	{ 0x00A2, "C", 0, false },    /* ¢ */
	{ 0x00A3, "EL", 0, false },   /* £ */
	{ 0x00A9, "OC", '0', false }, /* © */
	{ 0x00AE, "R", 0, false },    /* ® */
	{ 0x00A5, "Y", 0, false },    /* ¥ */
	{ 0x00D8, "O", '0', false },  /* Ø */
	{ 0x00F8, "O", '0', false },  /* ø */
	{ 0x0398, "O", '0', false },  /* Θ */
	{ 0x00DF, "B", '8', false },  /* ß */
	{ 0x0131, "I", '1', false },  /* dotless ı */
	{ '|', "I", '1', true },
	{ '!', "I", '1', true },
	{ '[', "I", '1', true },
	{ ']', "I", '1', true },
};

/* Returns the index of c in lookalikes[], or -1. */
static int lookalike_row(gunichar c)
{
	for (size_t i = 0; i < G_N_ELEMENTS(lookalikes); i++)
		if (lookalikes[i].sym == c)
			return (int)i;
	return -1;
}

/* Returns true for the lookalikes that are also separators. */
bool lookalike_is_weak(gunichar c)
{
	int row = lookalike_row(c);
	return row >= 0 && lookalikes[row].weak;
}

/* Returns the ASCII capital a non-ASCII Latin letter is built on (É -> E,
 * via its canonical decomposition), or 0. */
static char accented_base(gunichar c)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	if (c < 128 || !g_unichar_isalpha(c) ||
	    g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d)) < 2 ||
	    d[0] >= 128 || !g_ascii_isalpha((char)d[0]))
		return 0;
	return g_ascii_toupper((char)d[0]);
}

/* Returns the digit c may stand for ('0'..'9'), or 0. *confused is set
 * when c is not a digit but a letter or symbol OCR commonly reads for one. */
char digit_for(gunichar c, bool *confused)
{
	static const struct { const char *from; char to; } confusable[] = {
		/* L for 1: a bold 1's flag and foot ("T3LL4241A" for
		 * T3114241A, DejaVu Sans Bold under tesseract 5) */
		{ "OoDQ", '0' }, { "Il|i!L", '1' }, { "Zz", '2' }, { "A", '4' },
		{ "Ss", '5' },   { "Gb", '6' },    { "T", '7' },  { "B", '8' },
		{ "gq", '9' },
	};
	*confused = false;
	if (c >= '0' && c <= '9')
		return (char)c;
	for (size_t i = 0; c < 128 && i < G_N_ELEMENTS(confusable); i++)
		if (strchr(confusable[i].from, (int)c)) {
			*confused = true;
			return confusable[i].to;
		}
	int row = lookalike_row(c);
	if (row >= 0 && lookalikes[row].digit) {
		*confused = true;
		return lookalikes[row].digit;
	}
	return 0;
}

/* Returns the letters a digit or symbol may stand for, most likely first,
 * or "". */
static const char *letters_for(gunichar c)
{
	static const char *const by_digit[10] = {
		"OD", "ILT", "Z", "", "A", "S", "G", "T", "B", ""
	};
	static const char accented[26][2] = {
		"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
		"N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
	};
	if (c >= '0' && c <= '9')
		return by_digit[c - '0'];
	int row = lookalike_row(c);
	if (row >= 0)
		return lookalikes[row].letters;
	char base = accented_base(c);
	return base ? accented[base - 'A'] : "";
}

/* Returns the shape text after the token at p, which is parsed into t. */
const char *token_parse(const char *p, token *t)
{
	t->cls = *p == 'd' || *p == 'L' || *p == '[' ? *p : '=';
	t->literal = *p;
	t->set = NULL;
	if (*p == '[') {
		t->set = p + 1;
		p = strchr(p, ']');
	}
	p++;
	t->min = t->max = 1;
	if (*p == '{') {
		char *end;
		t->min = t->max = (int)strtol(p + 1, &end, 10);
		if (*end == ',')
			t->max = (int)strtol(end + 1, &end, 10);
		p = end + 1;
	}
	return p;
}

/* Returns true when the set of token t holds the ASCII character c. */
static bool set_has(const token *t, char c)
{
	for (const char *s = t->set; *s != ']'; s++) {
		if (s[1] == '-' && s[2] != ']') {
			if (c >= s[0] && c <= s[2])
				return true;
			s += 2;
		} else if (*s == c) {
			return true;
		}
	}
	return false;
}

/* Returns the ASCII character c stands for at token t, or 0 when it cannot
 * stand there; *confused is set when an OCR confusion was assumed. */
char token_accept(const token *t, gunichar c, bool *confused)
{
	char up = c < 128 ? g_ascii_toupper((char)c) : 0;
	bool is_letter = c < 128 && g_ascii_isalpha((char)c);

	*confused = false;
	if (c == SLIP) {
		*confused = true;
		return t->cls == 'd' ? '0' : t->cls == '[' ? t->set[0] :
		       t->cls == 'L' ? 'A' : t->literal;
	}
	if (t->cls == 'd')
		return digit_for(c, confused);
	if (t->cls == '=') {
		if (g_ascii_isdigit(t->literal))
			return digit_for(c, confused) == t->literal ? t->literal : 0;
		if (up == t->literal)
			return up;
		*confused = strchr(letters_for(c), t->literal) != NULL;
		return *confused ? t->literal : 0;
	}
	if (t->cls == 'L') {
		if (is_letter)
			return up;
		const char *l = letters_for(c);
		*confused = *l != '\0';
		return *l;
	}
	if (up && (is_letter || g_ascii_isdigit(up)) && set_has(t, up))
		return up;
	for (const char *l = letters_for(c); *l; l++)
		if (set_has(t, *l)) {
			*confused = true;
			return *l;
		}
	char d = digit_for(c, confused);
	if (d && *confused && set_has(t, d))
		return d;
	*confused = false;
	return 0;
}

/* Returns the confusions used when s[i..n) matches the shape from p up to
 * the end of its alternative, writing the normalised text to out; -1 when
 * it does not match. */
static int match_rest(const char *p, const gunichar *s, int n, int i,
		      char *out)
{
	token t;
	int confusions = 0;

	if (*p == '\0' || *p == '|')
		return i == n ? 0 : -1;
	const char *next = token_parse(p, &t);
	for (int k = 0; k <= t.max; k++) {
		if (k >= t.min) {
			int rest = match_rest(next, s, n, i + k, out);
			if (rest >= 0)
				return confusions + rest;
		}
		if (k == t.max || i + k >= n)
			break;
		bool confused;
		char v = token_accept(&t, s[i + k], &confused);
		if (!v)
			break;
		out[i + k] = v;
		confusions += confused;
	}
	return -1;
}

/* Returns the confusions used when s[0..n) matches one alternative of
 * shape, out (n + 1 bytes) getting the normalised text; -1 on no match. */
int shape_match(const char *shape, const gunichar *s, int n, char *out)
{
	for (const char *alt = shape; alt; alt = strchr(alt, '|')) {
		if (*alt == '|')
			alt++;
		int c = match_rest(alt, s, n, 0, out);
		if (c >= 0) {
			out[n] = '\0';
			return c;
		}
	}
	return -1;
}

/* Returns true for the characters a group is made of by themselves. */
bool is_alnum_cell(gunichar c)
{
	if (c < 128 && g_ascii_isalnum((char)c))
		return true;
	int row = lookalike_row(c);
	return (row >= 0 && !lookalikes[row].weak) || accented_base(c);
}

/* Returns true when s[0..n) holds a symbol from lookalikes[] ('$', '§',
 * '|' ...). */
bool has_symbol_lookalike(const gunichar *s, int n)
{
	for (int i = 0; i < n; i++)
		if (lookalike_row(s[i]) >= 0)
			return true;
	return false;
}

/* Returns true when shape asks for a letter somewhere: a run of digits
 * alone needs no slip_match(), keep_leftovers() masks it whole. */
bool shape_has_letter(const char *shape)
{
	for (const char *p = shape; *p; p++) {
		if (*p == 'L' || (*p >= 'A' && *p <= 'Z'))
			return true;
		if (*p == '[')
			for (p++; *p != ']'; p++)
				if (*p >= 'A' && *p <= 'Z')
					return true;
	}
	return false;
}

/* Returns true when every alternative of shape starts (end 0) or ends
 * (end 1) with a token that takes letters only. */
bool shape_edge_letter(const char *shape, int end)
{
	for (const char *alt = shape; alt; alt = strchr(alt, '|')) {
		if (*alt == '|')
			alt++;
		token t;
		const char *p = token_parse(alt, &t);
		while (end && *p && *p != '|')
			p = token_parse(p, &t);
		bool letters = t.cls == 'L' ||
			       (t.cls == '=' && g_ascii_isupper(t.literal));
		if (t.cls == '[') {
			letters = true;
			for (const char *c = t.set; *c != ']'; c++)
				letters = letters && !g_ascii_isdigit(*c);
		}
		if (!letters)
			return false;
	}
	return true;
}
