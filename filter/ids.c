/* ids.c — the recognisers that turn what OCR read into findings: national
 * ID numbers, telecom identifiers, phone numbers, machine-readable zones and
 * the values of labelled personal fields.
 *
 * Interface (internal.h): kind_set_parse(), kind_set_free(), kind_set_has(),
 * kind_names(), ids_check(), ids_find().
 *
 * Identifiers are data: each kind is a row of id_kinds[] below (name,
 * country, shape, check function, plausibility test, context labels).
 * A shape is a tiny pattern over normalised characters:
 *   d        a digit          L       a letter A-Z
 *   [..]     one of the listed characters (a-b ranges allowed)
 *   0-9 A-Z  that very character (other than d and L)
 *   {m} {m,n} repeat the token before;  |  separates alternatives
 *
 * How a line is read (recall first: a missed number is a breach):
 *  - the symbols of a line become cells; Thai and full-width digits become
 *    ASCII; each word gap becomes a space cell;
 *  - cells of letters/digits form groups; groups joined only by spaces,
 *    dashes, dots, commas or parentheses form a run (OCR adds and drops
 *    those separators, and splits numbers over words), and so do '/',
 *    ':' and apostrophes between two digits (misread digits and gaps);
 *  - every span of whole groups of a run is tried against every shape,
 *    reading each character as the shape expects at that position (O->0 at
 *    a digit, 0->O at a letter, and so on); the best non-overlapping
 *    candidates are kept;
 *  - a digit run left over that is at least as long as an identifier
 *    (or nearly so, next to a label) is masked whole; a few cells beside
 *    it that are no word (Thai or symbols OCR made of its letters) count
 *    towards its length and are masked with it, and a bracketed check
 *    character, "(5)", marks a run of six digits or more as an HKID;
 *  - a finding grows over the digit groups of its run nobody took, and
 *    over a closing bracket or bracketed check character after it.
 * Check digits and plausibility only change the confidence; they never
 * decide whether something is masked — except that an IMSI, which has no
 * check at all, needs a known country code or a label.
 *
 * Findings carry tail = "" always: the report may hold at most the last two
 * characters, and holding none is the safer choice for a redaction tool.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ============================================================ kind sets */

/* Every kind, in bit order of kind_set. Keep kind_names() in step. */
static const char *const kind_list[] = {
	"th_id", "sg_nric", "vn_cccd", "vn_cmnd", "kr_rrn", "my_nric",
	"id_nik", "hk_id", "tw_id", "cn_ric", "jp_mynumber", "in_aadhaar",
	"ph_philsys", "passport", "imei", "imsi", "iccid", "phone", "mrz",
	"name", "dob", "address", "qr", "barcode", "pdf417", "datamatrix", "aztec", "face",
	"photo",
};

/* Groups accepted by kind_set_parse(); "all" is handled on its own. */
static const struct {
	const char *name;
	const char *members;
} kind_groups[] = {
	{ "ids", "th_id,sg_nric,vn_cccd,vn_cmnd,kr_rrn,my_nric,id_nik,hk_id,"
		 "tw_id,cn_ric,jp_mynumber,in_aadhaar,ph_philsys,passport" },
	{ "telecom", "imei,imsi,iccid,phone" },
	{ "fields", "name,dob,address" },
	{ "codes", "qr,barcode,pdf417,datamatrix,aztec" },
	{ "faces", "face,photo" },
};

struct kind_set {
	guint64 bits; /* bit i: kind_list[i] is on */
};

/* Returns the index of name in kind_list, or -1. */
static int kind_index(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kind_list); i++)
		if (strcmp(kind_list[i], name) == 0)
			return (int)i;
	return -1;
}

/* Returns the bits of a kind or group name, 0 when the name is unknown. */
static guint64 kind_bits(const char *name)
{
	if (strcmp(name, "all") == 0)
		return (G_GUINT64_CONSTANT(1) << G_N_ELEMENTS(kind_list)) - 1;
	for (size_t i = 0; i < G_N_ELEMENTS(kind_groups); i++) {
		if (strcmp(name, kind_groups[i].name) != 0)
			continue;
		guint64 bits = 0;
		gchar **member = g_strsplit(kind_groups[i].members, ",", -1);
		for (gchar **m = member; *m; m++)
			bits |= G_GUINT64_CONSTANT(1) << kind_index(*m);
		g_strfreev(member);
		return bits;
	}
	int i = kind_index(name);
	return i < 0 ? 0 : G_GUINT64_CONSTANT(1) << i;
}

/* Returns IDR_OK with *out the set named by list (NULL: every kind), or
 * IDR_ERR_USAGE naming the first unknown name. */
idr_status kind_set_parse(const char *list, kind_set **out, idr_error *err)
{
	kind_set *set = g_new0(kind_set, 1);
	gchar **names = NULL;
	idr_status st = IDR_OK;

	*out = NULL;
	if (!list) {
		set->bits = kind_bits("all");
		goto out;
	}
	names = g_strsplit(list, ",", -1);
	for (gchar **n = names; *n; n++) {
		g_strstrip(*n);
		guint64 bits = kind_bits(*n);
		if (!bits) {
			st = idr_fail(err, IDR_ERR_USAGE,
				      "unknown kind '%s' (known: %s)", *n,
				      kind_names());
			goto out;
		}
		set->bits |= bits;
	}
	if (!set->bits)
		st = idr_fail(err, IDR_ERR_USAGE, "empty list of kinds");
out:
	g_strfreev(names);
	if (st)
		IDR_FREE(set);
	*out = set;
	return st;
}

void kind_set_free(kind_set *set)
{
	g_free(set);
}

/* Returns true when kind is on; a NULL set has every kind on. A kind not
 * in the list is kept: dropping what we cannot name would unmask it. */
bool kind_set_has(const kind_set *set, const char *kind)
{
	if (!set)
		return true;
	int i = kind_index(kind);
	return i < 0 || (set->bits >> i & 1);
}

/* Returns every name kind_set_parse() accepts (static). */
const char *kind_names(void)
{
	return "all,ids,telecom,mrz,fields,codes,faces,"
	       "th_id,sg_nric,vn_cccd,vn_cmnd,kr_rrn,my_nric,id_nik,hk_id,"
	       "tw_id,cn_ric,jp_mynumber,in_aadhaar,ph_philsys,passport,imei,imsi,"
	       "iccid,phone,name,dob,address,qr,barcode,pdf417,datamatrix,"
	       "aztec,face,photo";
}

/* ====================================================== check functions
 * Each takes a value already in its shape (ASCII, no separators) and
 * returns 1 when the check holds, 0 when not. */

/* Thailand: python-stdnum th.pin. Weights 13..2 over digits 1-12,
 * check = (11 - S mod 11) mod 10. 3100600445635: S = 193, 193 mod 11 = 6,
 * 11 - 6 = 5. */
static int th_id_check(const char *v)
{
	int s = 0;
	for (int i = 0; i < 12; i++)
		s += (v[i] - '0') * (13 - i);
	return (11 - s % 11) % 10 == v[12] - '0';
}

/* Singapore NRIC/FIN: GovTech FormSG shared/utils/nric-validation.ts.
 * Weights 2 7 6 5 4 3 2; T and G add 4; S/T use JZIHGFEDCBA, F/G use
 * XWUTRQPNMLK, M uses XWUTRQPNJLK at (S + 3) mod 11. 1234567: S = 106,
 * S1234567D, T1234567J, F1234567N, G1234567X, M1234567K. */
static int sg_nric_check(const char *v)
{
	static const int w[7] = { 2, 7, 6, 5, 4, 3, 2 };
	int s = 0;
	for (int i = 0; i < 7; i++)
		s += (v[i + 1] - '0') * w[i];
	switch (v[0]) {
	case 'S': return "JZIHGFEDCBA"[s % 11] == v[8];
	case 'T': return "JZIHGFEDCBA"[(s + 4) % 11] == v[8];
	case 'F': return "XWUTRQPNMLK"[s % 11] == v[8];
	case 'G': return "XWUTRQPNMLK"[(s + 4) % 11] == v[8];
	case 'M': return "XWUTRQPNJLK"[(s + 3) % 11] == v[8];
	default: return 0;
	}
}

/* Korea RRN: python-stdnum kr.rrn. Weights 2..9, 2..5 over digits 1-12,
 * check = (11 - S mod 11) mod 10. 900101-1234568: S = 124 -> 8. Numbers
 * issued since October 2020 need not pass (digits 8-13 random). */
static int kr_rrn_check(const char *v)
{
	static const int w[12] = { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
	int s = 0;
	for (int i = 0; i < 12; i++)
		s += (v[i] - '0') * w[i];
	return (11 - s % 11) % 10 == v[12] - '0';
}

/* Returns the value of a letter A-Z as 10..35, digits as themselves. */
static int alnum_value(char c)
{
	return g_ascii_isdigit(c) ? c - '0' : c - 'A' + 10;
}

/* Hong Kong HKID: python-stdnum has none; the rule as IDENTIFIERS.md
 * states it. Letters A=10..Z=35, a lone letter preceded by a space worth
 * 36; weights 9..2; check = (11 - S mod 11) mod 11, 10 written A.
 * A123456: S = 481, 481 mod 11 = 8 -> 3. */
static int hk_id_check(const char *v)
{
	size_t n = strlen(v);
	int s = n == 8 ? 36 * 9 : 0;
	for (size_t i = 0; i + 1 < n; i++)
		s += alnum_value(v[i]) * (int)(n - i);
	int c = (11 - s % 11) % 11;
	return (c == 10 ? 'A' : '0' + c) == v[n - 1];
}

/* Taiwan national ID: the letter's two-digit code (A10 .. I34 .. O35 ..
 * Z33), weights 1 9 8 7 6 5 4 3 2 1 1, valid when S mod 10 = 0.
 * A123456789: S = 130. */
static int tw_id_check(const char *v)
{
	/* Codes of A..Z (Ministry of the Interior, as in IDENTIFIERS.md). */
	static const int code[26] = { 10, 11, 12, 13, 14, 15, 16, 17, 34, 18,
				      19, 20, 21, 22, 35, 23, 24, 25, 26, 27,
				      28, 29, 32, 30, 31, 33 };
	int c = code[v[0] - 'A'];
	int s = c / 10 + c % 10 * 9;
	for (int i = 1; i < 10; i++)
		s += (v[i] - '0') * (i < 9 ? 9 - i : 1);
	return s % 10 == 0;
}

/* China RIC: ISO 7064 MOD 11-2 (python-stdnum cn.ric, iso7064.mod_11_2).
 * Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check "10X98765432"[S mod
 * 11]. 11010519491231002X passes. */
static int cn_ric_check(const char *v)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6,
				   3, 7, 9, 10, 5, 8, 4, 2 };
	int s = 0;
	for (int i = 0; i < 17; i++)
		s += (v[i] - '0') * w[i];
	return "10X98765432"[s % 11] == v[17];
}

/* Japan My Number (python-stdnum jp.in_): weights 6 5 4 3 2 7 6 5 4 3 2,
 * r = S mod 11, check 0 when r <= 1 else 11 - r. 621498320257: S = 180,
 * r = 4 -> 7. */
static int jp_mynumber_check(const char *v)
{
	static const int w[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int s = 0;
	for (int i = 0; i < 11; i++)
		s += (v[i] - '0') * w[i];
	int r = s % 11;
	return (r <= 1 ? 0 : 11 - r) == v[11] - '0';
}

/* Verhoeff (python-stdnum verhoeff), used by Aadhaar: from the right,
 * c = d[c][p[i mod 8][digit]]; valid when c ends 0. 234123412346 passes. */
static int verhoeff_check(const char *v)
{
	static const unsigned char d[10][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
		{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
		{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
		{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
		{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
	};
	static const unsigned char p[8][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
		{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
		{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
		{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
	};
	int c = 0;
	size_t n = strlen(v);
	for (size_t i = 0; i < n; i++)
		c = d[c][p[i % 8][v[n - 1 - i] - '0']];
	return c == 0;
}

/* Luhn (ISO/IEC 7812-1; python-stdnum luhn), for IMEI and ICCID: from the
 * right, double every second digit, subtract 9 above 9; valid when the
 * sum ends in 0. 490154203237518 passes. A raw ICCID may end in F
 * (nibble filler): ignored. */
static int luhn_check(const char *v)
{
	size_t n = strlen(v);
	int s = 0;
	if (n && v[n - 1] == 'F')
		n--;
	for (size_t i = 0; i < n; i++) {
		int d = v[n - 1 - i] - '0';
		if (i % 2) {
			d *= 2;
			d -= d > 9 ? 9 : 0;
		}
		s += d;
	}
	return s % 10 == 0;
}

/* ICAO 9303 part 3, 4.9: characters < = 0, 0-9, A-Z = 10..35; weights
 * 7 3 1 repeating; check = S mod 10. L898902C3 -> 6, 740812 -> 2. Here v
 * is the field followed by its check digit. */
static int mrz_check(const char *v)
{
	static const int w[3] = { 7, 3, 1 };
	size_t n = strlen(v);
	int s = 0;
	if (n < 2)
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		s += (v[i] == '<' ? 0 : alnum_value(v[i])) * w[i % 3];
	return (v[n - 1] == '<' ? '0' : v[n - 1]) == '0' + s % 10;
}

/* ------------------------------------------------ plausibility tests
 * Return 1 when the structure holds, 0 when not. */

/* Returns true when the two-digit fields read as a month and a day. */
static bool month_day(const char *mm, const char *dd)
{
	int m = (mm[0] - '0') * 10 + (mm[1] - '0');
	int d = (dd[0] - '0') * 10 + (dd[1] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Korea: YYMMDD then the century/sex digit (python-stdnum kr.rrn). */
static int kr_rrn_plausible(const char *v)
{
	return month_day(v + 2, v + 4);
}

/* Malaysia MyKad: YYMMDD, then a birthplace code that the National
 * Registration Department issues (python-stdnum my.bp.dat; the invalid
 * codes 00, 17-20, 69, 70, 73, 80, 81, 94-97 per IDENTIFIERS.md). */
static int my_nric_plausible(const char *v)
{
	int pb = (v[6] - '0') * 10 + (v[7] - '0');
	bool bad_pb = pb == 0 || (pb >= 17 && pb <= 20) || pb == 69 ||
		      pb == 70 || pb == 73 || pb == 80 || pb == 81 ||
		      (pb >= 94 && pb <= 97);
	return month_day(v + 2, v + 4) && !bad_pb;
}

/* Indonesia NIK (python-stdnum id.nik): province 11-94, then at 6 the
 * birth day (women + 40) and month. */
static int id_nik_plausible(const char *v)
{
	int prov = (v[0] - '0') * 10 + (v[1] - '0');
	char day[2] = { v[6] > '3' ? (char)(v[6] - 4) : v[6], v[7] };
	return prov >= 11 && prov <= 94 && month_day(v + 8, day);
}

/* China RIC: YYYYMMDD birth date at 6 (python-stdnum cn.ric). */
static int cn_ric_plausible(const char *v)
{
	int year = atoi((char[5]){ v[6], v[7], v[8], v[9], 0 });
	return year >= 1880 && year <= 2100 && month_day(v + 10, v + 12);
}

/* Vietnam CCCD: the first three digits are a province code, 001-096
 * (Circular 07/2016/TT-BCA, annex). */
static int vn_cccd_plausible(const char *v)
{
	int code = atoi((char[4]){ v[0], v[1], v[2], 0 });
	return code >= 1 && code <= 96;
}

/* Mobile country codes of the region and a few more (ITU-T E.212, as
 * in python-stdnum imsi.dat). */
static const struct {
	char mcc[4];
	char country[3];
} mcc_table[] = {
	{ "520", "TH" }, { "525", "SG" }, { "452", "VN" }, { "450", "KR" },
	{ "502", "MY" }, { "510", "ID" }, { "515", "PH" }, { "454", "HK" },
	{ "455", "MO" }, { "466", "TW" }, { "460", "CN" }, { "440", "JP" },
	{ "441", "JP" }, { "404", "IN" }, { "405", "IN" }, { "456", "KH" },
	{ "457", "LA" }, { "414", "MM" }, { "528", "BN" }, { "505", "AU" },
	{ "530", "NZ" }, { "310", "US" }, { "311", "US" }, { "234", "GB" },
	{ "262", "DE" }, { "208", "FR" },
};

/* Returns the country of an IMSI's MCC, or NULL. */
static const char *mcc_country(const char *v)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mcc_table); i++)
		if (strncmp(v, mcc_table[i].mcc, 3) == 0)
			return mcc_table[i].country;
	return NULL;
}

static int imsi_plausible(const char *v)
{
	return mcc_country(v) != NULL;
}

/* A passport number stands alone only next to its label. */
static int never_plausible(const char *v)
{
	(void)v;
	return 0;
}

/* ============================================================ the table */

/* Labels are compared casefolded with spaces removed. */
static const char *const th_labels[] = {
	"เลขประจำตัวประชาชน", "identificationnumber", "thainationalid",
	"idcardno", NULL
};
static const char *const sg_labels[] = {
	"nric", "fin", "identitycardno", "nricno", "finno", NULL
};
static const char *const vn_labels[] = {
	"căncước", "cccd", "cmnd", "chứngminh", "số/no", "sốđịnhdanh", NULL
};
static const char *const kr_labels[] = {
	"주민등록번호", "주민번호", "residentregistration", "외국인등록번호",
	NULL
};
static const char *const my_labels[] = {
	"mykad", "kadpengenalan", "nokp", "nric", NULL
};
static const char *const id_labels[] = { "nik", "nomorinduk", NULL };
static const char *const hk_labels[] = {
	"hkid", "hongkongidentitycard", "香港身份證", NULL
};
/* Not "ID No.": every card prints that (generic_labels has it); as a
 * Taiwan label it made "ID No. S54400821" a tw_id on a property page. */
static const char *const tw_labels[] = {
	"統一編號", "身分證", "身份證", NULL
};
static const char *const cn_labels[] = {
	"公民身份号码", "身份证", "身份号码", NULL
};
static const char *const jp_labels[] = {
	"個人番号", "マイナンバー", "mynumber", NULL
};
static const char *const in_labels[] = {
	"aadhaar", "आधार", "uid", "vid", NULL
};
static const char *const ph_labels[] = {
	"philsys", "psn", "pcn", "philippineidentification",
	"pambansangpagkakakilanlan", NULL
};
static const char *const imei_labels[] = { "imei", "imeisv", NULL };
static const char *const imsi_labels[] = { "imsi", NULL };
static const char *const iccid_labels[] = {
	"iccid", "simno", "simcard", "simserial", NULL
};
static const char *const phone_labels[] = {
	"tel", "phone", "mobile", "โทร", "มือถือ", "điệnthoại", "sđt",
	"전화", "휴대폰", "telefon", "telp", "hp", "contactno", NULL
};
static const char *const passport_labels[] = {
	"passportno", "passportnumber", "documentno", "no.dupasseport",
	"หนังสือเดินทาง", "여권번호", "sốhộchiếu", "nopaspor", NULL
};

/* Shared by every national ID kind: a label that says "this is an ID". */
static const char *const generic_labels[] = {
	"idno", "idnumber", "identification", "identitycard", "cardno",
	"documentno", "personalno", "no.", "số", "번호", "เลขที่", NULL
};

typedef struct id_kind {
	const char *name;
	const char *country;
	const char *shape;
	int (*check)(const char *v);     /* NULL: the kind has none */
	int (*plausible)(const char *v); /* dates, region codes; NULL: none */
	const char *const *labels;
	double base;      /* confidence of the bare shape */
	bool need_plausible; /* implausible and unlabelled: not this kind */
	bool national;    /* a national ID: generic labels count for it */
} id_kind;

/* Rows of the same length are in order of preference when nothing else
 * tells them apart (keep_leftovers() takes the first that fits). */
static const id_kind id_kinds[] = {
	{ "th_id", "TH", "d{13}", th_id_check, NULL, th_labels, 0.5,
	  false, true },
	{ "sg_nric", "SG", "[STFGM]d{7}[ABCDEFGHIJKLMNPQRTUWXZ]",
	  sg_nric_check, NULL, sg_labels, 0.55, false, true },
	{ "kr_rrn", "KR", "d{13}", kr_rrn_check, kr_rrn_plausible, kr_labels,
	  0.45, false, true },
	{ "cn_ric", "CN", "d{17}[0-9X]", cn_ric_check, cn_ric_plausible,
	  cn_labels, 0.5, false, true },
	{ "hk_id", "HK", "L{1,2}d{6}[0-9A]", hk_id_check, NULL, hk_labels,
	  0.5, false, true },
	{ "tw_id", "TW", "L[1289]d{8}", tw_id_check, NULL, tw_labels, 0.5,
	  false, true },
	{ "id_nik", "ID", "d{16}", NULL, id_nik_plausible, id_labels, 0.4,
	  false, true },
	{ "vn_cccd", "VN", "d{12}", NULL, vn_cccd_plausible, vn_labels, 0.4,
	  false, true },
	{ "my_nric", "MY", "d{12}", NULL, my_nric_plausible, my_labels, 0.4,
	  false, true },
	{ "jp_mynumber", "JP", "d{12}", jp_mynumber_check, NULL, jp_labels,
	  0.4, false, true },
	{ "in_aadhaar", "IN", "[2-9]d{11}", verhoeff_check, NULL, in_labels,
	  0.4, false, true },
	{ "ph_philsys", "PH", "d{12}|d{16}", NULL, NULL, ph_labels, 0.3,
	  false, true },
	{ "vn_cmnd", "VN", "d{9}", NULL, NULL, vn_labels, 0.3, false, true },
	{ "imei", "", "d{15}", luhn_check, NULL, imei_labels, 0.45, false,
	  false },
	/* IMEISV: 14 digits of IMEI + 2 of software version, no check
	 * (3GPP TS 23.003 6.2.2). */
	{ "imei", "", "d{16}", NULL, NULL, imei_labels, 0.3, false, false },
	/* IMSI: 15 digits as a rule (3GPP TS 23.003 2.2); the rare shorter
	 * ones only next to a label. */
	{ "imsi", "", "d{15}", NULL, imsi_plausible, imsi_labels, 0.4, true,
	  false },
	{ "imsi", "", "d{14}", NULL, never_plausible, imsi_labels, 0.4, true,
	  false },
	/* ICCID: ITU-T E.118, 89 = telecom; up to 19 digits + Luhn, some 20;
	 * raw reads may end in the filler F. */
	{ "iccid", "", "89d{16,18}|89d{16,18}F", luhn_check, NULL, iccid_labels,
	  0.5, false, false },
	/* Mobile numbers, national and +CC forms (libphonenumber
	 * PhoneNumberMetadata.xml, mobile patterns, simplified); "(0)" after
	 * the country code happens, so CC0 forms are listed too. */
	{ "phone", "TH", "0[689]d{8}|66[689]d{8}|660[689]d{8}", NULL, NULL,
	  phone_labels, 0.45, false, false },
	{ "phone", "SG", "[89]d{7}|65[89]d{7}", NULL, NULL, phone_labels, 0.4,
	  false, false },
	{ "phone", "VN", "0[35789]d{8}|84[35789]d{8}|840[35789]d{8}", NULL,
	  NULL, phone_labels, 0.45, false, false },
	{ "phone", "KR", "01[016789]d{7,8}|821[016789]d{7,8}|8201[016789]d{7,8}",
	  NULL, NULL, phone_labels, 0.45, false, false },
	{ "phone", "MY", "01d{8,9}|601d{8,9}|6001d{8,9}", NULL, NULL,
	  phone_labels, 0.45, false, false },
	{ "phone", "ID", "08d{8,11}|628d{8,11}|6208d{8,11}", NULL, NULL,
	  phone_labels, 0.45, false, false },
	{ "phone", "PH", "09d{9}|639d{9}|6309d{9}", NULL, NULL, phone_labels,
	  0.45, false, false },
	/* Passport numbers vary by state (1-2 letters, 6-8 digits, maybe a
	 * letter); only next to a label (or seen in the MRZ, see below). */
	{ "passport", "", "L{1,2}d{6,8}L{0,1}", NULL, never_plausible,
	  passport_labels, 0.5, true, false },
};

/* ================================================ shapes and confusions */

/* Symbols tesseract returns for letters and digits on real cards (seen on
 * our samples at 200-300 dpi: "§4736145G" for S1736145G, chevrons read as
 * «). Strong ones always belong to the word they are in; weak ones, which
 * are also separators, only between two letters or digits of one word. */
static const struct {
	gunichar sym;
	const char *letters; /* what it may stand for, most likely first */
	char digit;          /* or 0 */
	bool weak;
} lookalikes[] = {
	{ 0x00A7, "S", '5', false },  /* § */
	{ '$', "S", '5', false },
	{ 0x20AC, "CE", 0, false },   /* € */
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
static char digit_for(gunichar c, bool *confused)
{
	static const struct { const char *from; char to; } confusable[] = {
		{ "OoDQ", '0' }, { "Il|i!", '1' }, { "Zz", '2' }, { "Ss", '5' },
		{ "Gb", '6' },   { "T", '7' },     { "B", '8' },  { "gq", '9' },
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

typedef struct token {
	char cls;        /* 'd', 'L', '[' or '=' (a literal) */
	char literal;    /* for '=' */
	const char *set; /* for '[': the characters after the bracket */
	int min, max;
} token;

/* Returns the shape text after the token at p, which is parsed into t. */
static const char *token_parse(const char *p, token *t)
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

/* Stands for a character OCR dropped or garbled beyond reading (see
 * slip_match()): any token takes it, as a confusion. */
#define SLIP 0xFFFD

/* Returns the ASCII character c stands for at token t, or 0 when it cannot
 * stand there; *confused is set when an OCR confusion was assumed. */
static char token_accept(const token *t, gunichar c, bool *confused)
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
static int shape_match(const char *shape, const gunichar *s, int n, char *out)
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

/* Returns the first row named kind with a check function, or NULL. */
static const id_kind *kind_row(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(id_kinds); i++)
		if (strcmp(id_kinds[i].name, kind) == 0 && id_kinds[i].check)
			return &id_kinds[i];
	return NULL;
}

/* Returns 1 when value passes the check of kind, 0 when it fails or is
 * not in the kind's shape, -1 when the kind has no check or is unknown. */
int ids_check(const char *kind, const char *value)
{
	if (kind && value && strcmp(kind, "mrz_check") == 0) {
		for (const char *c = value; *c; c++)
			if (!g_ascii_isdigit(*c) && !g_ascii_isupper(*c) &&
			    *c != '<')
				return 0;
		return mrz_check(value);
	}
	const id_kind *row = kind && value ? kind_row(kind) : NULL;
	if (!row)
		return -1;
	glong n;
	gunichar *s = g_utf8_to_ucs4(value, -1, NULL, &n, NULL);
	char *norm = g_malloc(n + 1);
	int verdict = 0;
	if (s && shape_match(row->shape, s, (int)n, norm) == 0 &&
	    strcmp(norm, value) == 0)
		verdict = row->check(norm);
	g_free(s);
	g_free(norm);
	return verdict;
}

/* ============================================================ reading */

/* One character of a line as read. */
typedef struct cell {
	gunichar ch; /* ASCII digits for Thai/full-width ones; ' ' word gap,
		      * '\n' a gap too wide to belong to one number */
	int sym;     /* index into page->symbols, -1 for a gap */
} cell;

/* Letters and digits after normalisation form groups. */
typedef struct group {
	int first, n; /* cells[first .. first+n-1] */
	int run;      /* groups with the same run are joined by separators */
	int digits;   /* real digits in the group */
	bool digitish; /* every cell reads as a digit, at least one is one */
} group;

/* A candidate: groups g0..g1 of one run read as kind. */
typedef struct candidate {
	const id_kind *kind;
	const char *country;
	int g0, g1;
	int check;
	double conf, score;
} candidate;

/* Everything known about the line being read. */
typedef struct line_ctx {
	const ocr_page *page;
	int line;       /* its index in page->lines */
	const kind_set *kinds;
	GArray *cells;  /* cell */
	GArray *groups; /* group */
	char *text;     /* the line, casefolded, spaces removed */
	char *above;    /* the lines a label of this one may sit on (see
			 * near_text()), the same way */
	bool *taken;    /* per group: already part of a finding */
	int *owner;     /* per group: index in found of that finding, or -1 */
	int context[G_N_ELEMENTS(id_kinds)]; /* in_context() of row k */
	int country[G_N_ELEMENTS(id_kinds)]; /* country_context() of row k */
	bool specific;  /* a label naming one kind is near */
} line_ctx;

/* Returns the ASCII digit for a Thai (U+0E50..) or full-width digit, or c. */
static gunichar fold_digit(gunichar c)
{
	if (c >= 0x0E50 && c <= 0x0E59) /* Unicode block Thai */
		return '0' + (c - 0x0E50);
	if (c >= 0xFF10 && c <= 0xFF19) /* Halfwidth and Fullwidth Forms */
		return '0' + (c - 0xFF10);
	return c;
}

/* Returns true for the characters a group is made of by themselves. */
static bool is_alnum_cell(gunichar c)
{
	if (c < 128 && g_ascii_isalnum((char)c))
		return true;
	int row = lookalike_row(c);
	return (row >= 0 && !lookalikes[row].weak) || accented_base(c);
}

/* Returns true when cell i belongs to a group: a letter, a digit or a
 * strong lookalike; a weak lookalike ('|', '!') only between two of those
 * (S|234567D, not "No. | 1234"). */
static bool group_cell(GArray *cells, guint i)
{
	gunichar c = g_array_index(cells, cell, i).ch;
	int row = lookalike_row(c);
	if (row < 0 || !lookalikes[row].weak)
		return is_alnum_cell(c);
	return i > 0 && i + 1 < cells->len &&
	       is_alnum_cell(g_array_index(cells, cell, i - 1).ch) &&
	       is_alnum_cell(g_array_index(cells, cell, i + 1).ch);
}

/* Returns true for the separators OCR adds, drops or moves inside
 * numbers: they join groups into one run. */
static bool is_joiner(gunichar c)
{
	return c == ' ' || c == '-' || c == '.' || c == ',' || c == '(' ||
	       c == ')' || c == '_' || c == 0x2010 || c == 0x2013 ||
	       c == 0x2014 || c == 0x2212;
}

/* Returns true when cell i is a '/', ':', '=' or apostrophe between two
 * digits: OCR reads a 7 or 1 as '/', a dash as '=' and a gap as ':' or
 * "'" inside numbers (property pages: "26'70" in an ICCID, "9322-7318=9870",
 * "7 -65/1702369-41-9" for 7-6571-02369-41-9, "357265/10:236941-1" for
 * 35-265710-236941-1, "5/78" for 578), so they join the number there;
 * elsewhere they end it (dates and labels keep their parts apart). */
static bool digit_joiner(GArray *cells, guint i)
{
	gunichar c = g_array_index(cells, cell, i).ch;
	if ((c != '/' && c != ':' && c != '=' && c != '\'' && c != 0x2019) ||
	    i == 0 || i + 1 >= cells->len)
		return false;
	gunichar a = g_array_index(cells, cell, i - 1).ch;
	gunichar b = g_array_index(cells, cell, i + 1).ch;
	return a >= '0' && a <= '9' && b >= '0' && b <= '9';
}

/* Returns the median height of the symbols of line. */
static int line_char_height(const ocr_page *page, const ocr_line *line)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint s = word->first; s < word->first + word->n; s++)
			g_array_append_val(h, g_array_index(page->symbols,
							    ocr_symbol, s).box.h);
	}
	int median = line->box.h;
	if (h->len) {
		int *v = (int *)(void *)h->data;
		for (guint i = 1; i < h->len; i++) /* insertion sort: short */
			for (guint j = i; j > 0 && v[j - 1] > v[j]; j--) {
				int t = v[j];
				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		median = v[h->len / 2];
	}
	g_array_free(h, TRUE);
	return median;
}

/* Returns the cells of line: its characters, word gaps between words. */
static GArray *line_cells(const ocr_page *page, const ocr_line *line)
{
	GArray *cells = g_array_new(FALSE, FALSE, sizeof(cell));
	/* Cards lay label and value columns apart; a gap of more than three
	 * character heights is not a space inside a number. */
	int wide = 3 * MAX(1, line_char_height(page, line));

	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		if (w > line->first) {
			const ocr_word *prev =
				&g_array_index(page->words, ocr_word, w - 1);
			int gap = word->box.x - (prev->box.x + prev->box.w);
			cell c = { gap > wide ? '\n' : ' ', -1 };
			g_array_append_val(cells, c);
		}
		for (guint s = word->first; s < word->first + word->n; s++) {
			const char *t =
				g_array_index(page->symbols, ocr_symbol, s).text;
			size_t len = strnlen(t, sizeof(((ocr_symbol *)0)->text));
			if (!g_utf8_validate(t, (gssize)len, NULL))
				continue;
			for (const char *p = t; p < t + len;
			     p = g_utf8_next_char(p)) {
				cell c = { fold_digit(g_utf8_get_char(p)),
					   (int)s };
				g_array_append_val(cells, c);
			}
		}
	}
	return cells;
}

/* Real digits that make a group a number (see line_groups()); the same
 * as LEFTOVER_MIN, the shortest identifier. */
#define LEFTOVER_MIN_DIGITS 9

/* Returns the groups of cells, each marked with its run. */
static GArray *line_groups(GArray *cells)
{
	GArray *groups = g_array_new(FALSE, FALSE, sizeof(group));
	int run = 0;
	bool in_group = false;

	for (guint i = 0; i < cells->len; i++) {
		gunichar c = g_array_index(cells, cell, i).ch;
		if (group_cell(cells, i)) {
			if (!in_group) {
				group g = { (int)i, 0, run, 0, true };
				g_array_append_val(groups, g);
				in_group = true;
			}
			group *g = &g_array_index(groups, group, groups->len - 1);
			bool confused;
			g->n++;
			g->digits += c >= '0' && c <= '9';
			if (!digit_for(c, &confused))
				g->digitish = false;
			continue;
		}
		in_group = false;
		if (!is_joiner(c) && !digit_joiner(cells, i))
			run++;
	}
	for (guint i = 0; i < groups->len; i++) {
		group *g = &g_array_index(groups, group, i);
		/* Nine real digits make a number of a group whatever
		 * letters OCR glued to it (cn_ric_006 read
		 * 31010619890722943X as "31010619890722943XxX"). */
		g->digitish = (g->digitish && g->digits > 0) ||
			      g->digits >= LEFTOVER_MIN_DIGITS;
	}
	return groups;
}

/* Returns s casefolded and normalised (NFKD) with white space removed. */
static char *squash(const char *s)
{
	char *norm = g_utf8_normalize(s, -1, G_NORMALIZE_ALL);
	char *folded = g_utf8_casefold(norm ? norm : "", -1);
	GString *out = g_string_new(NULL);
	for (const char *p = folded; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c))
			g_string_append_unichar(out, c);
	}
	g_free(norm);
	g_free(folded);
	return g_string_free(out, FALSE);
}

/* Returns the text of line i squashed (see squash()), "" when none. */
static char *line_text(const ocr_page *page, int i)
{
	if (i < 0 || (guint)i >= page->lines->len)
		return g_strdup("");
	const ocr_line *line = &g_array_index(page->lines, ocr_line, i);
	GString *s = g_string_new(NULL);
	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint k = word->first; k < word->first + word->n; k++) {
			const char *t =
				g_array_index(page->symbols, ocr_symbol, k).text;
			size_t len = strnlen(t, sizeof(((ocr_symbol *)0)->text));
			if (g_utf8_validate(t, (gssize)len, NULL))
				g_string_append_len(s, t, (gssize)len);
		}
	}
	char *out = squash(s->str);
	g_string_free(s, TRUE);
	return out;
}

/* Returns true when the boxes overlap in x. */
static bool x_overlap(idr_rect a, idr_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w;
}

/* Returns the squashed text of the lines whose labels may name what line
 * i holds, one per '\n'-separated piece: the line before in reading
 * order, the lines printed just above it (cards put a caption over its
 * value; tesseract often reads something else in between — "PCN", then a
 * photo edge, then the number) and the lines to its left on the same row
 * (a caption column read as a line of its own). */
static char *near_text(const ocr_page *page, int i)
{
	idr_rect me = g_array_index(page->lines, ocr_line, i).box;
	GString *s = g_string_new(NULL);
	char *prev = line_text(page, i - 1);

	g_string_append(s, prev);
	g_free(prev);
	for (guint j = 0; j < page->lines->len; j++) {
		idr_rect b = g_array_index(page->lines, ocr_line, j).box;
		int h = MAX(me.h, b.h), bottom = b.y + b.h;
		bool above = bottom <= me.y + me.h / 2 &&
			     me.y - bottom <= 2 * h && x_overlap(me, b);
		bool left = b.x + b.w <= me.x + me.h &&
			    MIN(bottom, me.y + me.h) - MAX(b.y, me.y) >=
				    MIN(me.h, b.h) / 2;
		if ((int)j == i - 1 || (int)j == i || !(above || left))
			continue;
		char *t = line_text(page, (int)j);
		g_string_append_c(s, '\n');
		g_string_append(s, t);
		g_free(t);
	}
	return g_string_free(s, FALSE);
}

/* Words that name a country on its documents (the card's or passport's
 * own header: "REPUBLIC OF SINGAPORE", "CỘNG HÒA ...", "대한민국"),
 * compared squashed and without accents, since OCR drops them. */
static const struct {
	const char *country;
	const char *name;
} country_names[] = {
	{ "TH", "thailand" }, { "TH", "ประเทศไทย" }, { "TH", "ราชอาณาจักรไทย" },
	{ "TH", "บัตรประจำตัวประชาชน" },
	{ "SG", "singapore" },
	{ "VN", "vietnam" }, { "VN", "conghoa" }, { "VN", "cancuoc" },
	{ "VN", "chungminhnhandan" },
	{ "KR", "대한민국" }, { "KR", "korea" }, { "KR", "주민등록증" },
	{ "MY", "malaysia" }, { "MY", "mykad" }, { "MY", "kadpengenalan" },
	{ "ID", "indonesia" }, { "ID", "kartutandapenduduk" },
	{ "HK", "hongkong" }, { "HK", "香港" },
	{ "TW", "taiwan" }, { "TW", "中華民國" }, { "TW", "國民身分證" },
	{ "CN", "中华人民共和国" }, { "CN", "居民身份证" },
	{ "CN", "peoplesrepublicofchina" }, { "CN", "people'srepublicofchina" },
	{ "JP", "japan" }, { "JP", "日本" }, { "JP", "個人番号カード" },
	{ "IN", "india" }, { "IN", "भारत" }, { "IN", "aadhaar" },
	{ "PH", "philippines" }, { "PH", "pilipinas" },
};

/* Returns s squashed (see squash()) without combining marks. */
static char *squash_bare(const char *s)
{
	char *sq = squash(s);
	GString *out = g_string_new(NULL);
	for (const char *p = sq; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_type(c) != G_UNICODE_NON_SPACING_MARK)
			g_string_append_unichar(out, c);
	}
	g_free(sq);
	return g_string_free(out, FALSE);
}

/* Returns the countries named anywhere on page, as a string of two-letter
 * codes ("SGTH"), "" when none (g_free it). */
static char *page_countries(const ocr_page *page)
{
	GString *all = g_string_new(NULL), *found = g_string_new(NULL);
	for (guint i = 0; i < page->lines->len; i++) {
		char *t = line_text(page, (int)i);
		char *bare = squash_bare(t);
		g_string_append(all, bare);
		g_string_append_c(all, '\n');
		g_free(t);
		g_free(bare);
	}
	for (size_t k = 0; k < G_N_ELEMENTS(country_names); k++) {
		char *name = squash_bare(country_names[k].name);
		if (strstr(all->str, name) &&
		    !strstr(found->str, country_names[k].country))
			g_string_append(found, country_names[k].country);
		g_free(name);
	}
	g_string_free(all, TRUE);
	return g_string_free(found, FALSE);
}

/* Returns 1 when the page names the country of kind, -1 when it names
 * only other countries, 0 when it names none or kind is not national. */
static int country_context(const id_kind *kind, const char *countries)
{
	if (!kind->national || !*countries)
		return 0;
	for (const char *c = countries; *c; c += 2)
		if (strncmp(c, kind->country, 2) == 0)
			return 1;
	return -1;
}

/* Returns true when one of labels occurs in text. */
static bool has_label(const char *text, const char *const *labels)
{
	for (; labels && *labels; labels++) {
		char *l = squash(*labels);
		bool found = strstr(text, l) != NULL;
		g_free(l);
		if (found)
			return true;
	}
	return false;
}

/* Returns 2 when the line or the one above carries a label of kind, 1
 * when only a label any national ID may have, 0 when neither. */
static int in_context(const line_ctx *lc, const id_kind *kind)
{
	if (has_label(lc->text, kind->labels) ||
	    has_label(lc->above, kind->labels))
		return 2;
	return kind->national && (has_label(lc->text, generic_labels) ||
				  has_label(lc->above, generic_labels));
}

/* Returns the characters of groups g0..g1 (no separators) in a new array,
 * *n their count. */
static gunichar *span_chars(const line_ctx *lc, int g0, int g1, int *n)
{
	int total = 0;
	for (int g = g0; g <= g1; g++)
		total += g_array_index(lc->groups, group, g).n;
	gunichar *s = g_new(gunichar, total + 1);
	int k = 0;
	for (int g = g0; g <= g1; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		for (int i = 0; i < gr->n; i++)
			s[k++] = g_array_index(lc->cells, cell, gr->first + i).ch;
	}
	*n = total;
	return s;
}

/* Returns the padded box of the cells first..last (inclusive) of the line. */
static idr_rect cells_box(const line_ctx *lc, int first, int last)
{
	idr_rect box = { 0, 0, 0, 0 };
	int heights[64], nh = 0;
	const ocr_page *page = lc->page;

	for (int i = first; i <= last; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s < 0)
			continue;
		idr_rect b = g_array_index(page->symbols, ocr_symbol, s).box;
		box = rect_union(box, b);
		if (nh < (int)G_N_ELEMENTS(heights))
			heights[nh++] = b.h;
	}
	for (int i = 1; i < nh; i++) /* insertion sort: a handful */
		for (int j = i; j > 0 && heights[j - 1] > heights[j]; j--) {
			int t = heights[j];
			heights[j] = heights[j - 1];
			heights[j - 1] = t;
		}
	/* Margin: 0.35 of the median character height, at least 2 px, so
	 * antialiased edges and ascenders leave nothing readable. */
	int pad = nh ? MAX(2, (int)(0.35 * heights[nh / 2] + 0.5)) : 2;
	return rect_pad_clip(box, pad, page->width, page->height);
}

/* Returns true when the digit run ending at cell last closes with a
 * bracketed check character, "(5)" or "(A)", as Hong Kong cards print
 * it; the character itself may be garbled ("7286447(/)"). */
static bool bracketed_check(const line_ctx *lc, int last)
{
	int n = (int)lc->cells->len;
	gunichar at[3] = { 0, 0, 0 };
	for (int k = 0; k < 3; k++)
		at[k] = last + k + 1 < n ?
			g_array_index(lc->cells, cell, last + k + 1).ch : 0;
	gunichar before = last > 0 ?
		g_array_index(lc->cells, cell, last - 1).ch : 0;
	/* "1234567(8)": the run already holds the check digit. */
	if (before == '(' && at[0] == ')')
		return true;
	return at[0] == '(' && at[2] == ')' && at[1] != ' ';
}

/* Appends a finding over cells first..last of the line (grown by left
 * pixels to the left), owning groups g0..g1. */
static void add_finding_cells(const line_ctx *lc, GArray *found,
			      const char *kind, const char *country, int first,
			      int last, int left, int g0, int g1, double conf,
			      int check)
{
	finding f = { 0 };

	/* The bracket closing a check digit ("A123456(3)") goes with it:
	 * the pad alone left it readable (hk_id_001: P785486(6) 90 %
	 * masked, columns 0-88 %). */
	if ((guint)last + 1 < lc->cells->len &&
	    (g_array_index(lc->cells, cell, last + 1).ch == ')' ||
	     g_array_index(lc->cells, cell, last + 1).ch == ']'))
		last++;
	/* So does a bracketed check character after it (hk_id_004:
	 * "๐ . $4161926(A)" read as a 9-digit number left "(A)" out). */
	else if (bracketed_check(lc, last) &&
		 g_array_index(lc->cells, cell, last + 1).ch == '(')
		last += 3;
	f.kind = kind;
	f.country = country;
	f.box = cells_box(lc, first, last);
	left = MIN(left, f.box.x);
	f.box.x -= left;
	f.box.w += left;
	f.confidence = CLAMP(conf, 0.05, 0.99);
	f.checksum = check;
	g_array_append_val(found, f);
	for (int g = g0; g <= g1; g++) {
		lc->taken[g] = true;
		lc->owner[g] = (int)found->len - 1;
	}
}

/* Appends a finding covering groups g0..g1 of the line. */
static void add_finding(const line_ctx *lc, GArray *found, const char *kind,
			const char *country, int g0, int g1, double conf,
			int check)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	const group *b = &g_array_index(lc->groups, group, g1);

	add_finding_cells(lc, found, kind, country, a->first,
			  b->first + b->n - 1, 0, g0, g1, conf, check);
}

/* Returns the check verdict of kind on value; when a read '0' stood for a
 * letter it may have been an O or a D, so both are tried. */
static int verdict(const id_kind *kind, char *value, const gunichar *read)
{
	if (!kind->check)
		return -1;
	int v = kind->check(value);
	if (v)
		return v;
	bool changed = false;
	for (int i = 0; value[i]; i++)
		if (read[i] == '0' && value[i] == 'O') {
			value[i] = 'D';
			changed = true;
		}
	return changed ? kind->check(value) : 0;
}

/* Returns true when groups g0..g1 are a whole number: no digit group of
 * the same run touches them. */
static bool aligned(const line_ctx *lc, int g0, int g1)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	if (g0 > 0) {
		const group *p = &g_array_index(lc->groups, group, g0 - 1);
		if (p->run == a->run && p->digitish)
			return false;
	}
	if ((guint)g1 + 1 < lc->groups->len) {
		const group *q = &g_array_index(lc->groups, group, g1 + 1);
		if (q->run == a->run && q->digitish)
			return false;
	}
	return true;
}

/* Returns true unless the value has letters and every one of them was
 * read as a digit: a 5 may be an S, but 12051990 is not an HKID. A
 * symbol no digit looks like ("§59386401" for S5938640I) was a letter. */
static bool letters_seen(const gunichar *read, const char *value)
{
	bool letters = false;
	for (int i = 0; value[i]; i++) {
		if (!g_ascii_isupper(value[i]))
			continue;
		if ((read[i] < 128 && g_ascii_isalpha((char)read[i])) ||
		    (read[i] >= 128 && is_alnum_cell(read[i])))
			return true;
		letters = true;
	}
	return !letters;
}

/* Returns true when a '+' (maybe then a space) comes before group g. */
static bool plus_before(const line_ctx *lc, int g)
{
	int i = g_array_index(lc->groups, group, g).first - 1;
	if (i >= 0 && g_array_index(lc->cells, cell, i).ch == ' ')
		i--;
	return i >= 0 && (g_array_index(lc->cells, cell, i).ch == '+' ||
			  g_array_index(lc->cells, cell, i).ch == 0xFF0B);
}

/* Returns what the page's country adds to a candidate's confidence: a
 * card saying "REPUBLIC OF SINGAPORE" holds a Singapore number even when a
 * 12-digit one also passes Japan's check (about one in ten do). */
static double country_weight(int country)
{
	return country > 0 ? 0.35 : country < 0 ? -0.2 : 0;
}

/* The longest identifier a span is tried against (TD3 lines are handled
 * elsewhere); longer spans cannot match a shape. */
#define SPAN_MAX 24

/* Returns true when shape asks for a letter somewhere: a run of digits
 * alone needs no slip_match(), keep_leftovers() masks it whole. */
static bool shape_has_letter(const char *shape)
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

/* Returns the confusions (the slip counting as one) when s[0..n) matches
 * kind's shape after one OCR slip — a character added (sg_front_01 read
 * T8732921B as "T3873 292 1B"), dropped, or read as something no table
 * lists — with value the normalised text and *check its verdict (0 when a
 * character had to be made up); -1 when no single slip explains s. A
 * dropped character whose removal makes the check pass is preferred.
 * labelled: a label is near, so letters read only as digits are let be
 * (see letters_seen()). */
static int slip_match(const id_kind *kind, bool labelled, const gunichar *s,
		      int n, char *value, int *check)
{
	gunichar t[SPAN_MAX + 2];
	char v[SPAN_MAX + 2];
	int best = -1;

	*check = kind->check ? 0 : -1;
	for (int op = 0; op < 3; op++) { /* drop, change, add */
		int m = op == 0 ? n - 1 : op == 1 ? n : n + 1;
		for (int i = 0; i < (op == 2 ? n + 1 : n); i++) {
			int from = op == 2 ? i : i + 1; /* s[from..) goes on */
			memcpy(t, s, sizeof *t * (size_t)i);
			if (op > 0)
				t[i] = SLIP;
			memcpy(t + (op == 0 ? i : i + 1), s + from,
			       sizeof *t * (size_t)(n - from));
			int c = shape_match(kind->shape, t, m, v);
			if (c < 0 || (!labelled && !letters_seen(t, v)))
				continue;
			int verdict_now = op == 0 && kind->check ?
						  kind->check(v) : *check;
			/* Fewest confusions, a passing check first. */
			if (best < 0 || (verdict_now == 1 && *check != 1) ||
			    (verdict_now == *check && c + (op == 0) < best)) {
				best = c + (op == 0);
				*check = verdict_now;
				memcpy(value, v, (size_t)m + 1);
			}
			if (*check == 1)
				return best;
		}
	}
	return best;
}


/* Returns true when s[0..n) holds a symbol from lookalikes[] ('$', '§',
 * '|' ...). */
static bool has_symbol_lookalike(const gunichar *s, int n)
{
	for (int i = 0; i < n; i++)
		if (lookalike_row(s[i]) >= 0)
			return true;
	return false;
}

/* Appends to cands every reading of a span of whole groups as a kind. */
static void span_candidates(const line_ctx *lc, GArray *cands)
{
	guint ng = lc->groups->len;

	for (guint g0 = 0; g0 < ng; g0++) {
		int run = g_array_index(lc->groups, group, g0).run;
		for (guint g1 = g0; g1 < ng; g1++) {
			if (g_array_index(lc->groups, group, g1).run != run)
				break;
			int n;
			gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
			if (n > SPAN_MAX) {
				g_free(s);
				break;
			}
			char value[SPAN_MAX + 2];
			for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++) {
				const id_kind *kind = &id_kinds[k];
				if (!kind_set_has(lc->kinds, kind->name))
					continue;
				int confusions = shape_match(kind->shape, s, n,
							     value);
				/* Under a label or on a card of the kind's
				 * country, one slip of OCR is forgiven; so
				 * it is when the span holds a symbol OCR
				 * makes of a letter (sg_nric_004 read
				 * S9598569F as "S$9598569F") or is nine or
				 * more long (sg_nric_006 "7T6888319E",
				 * passport_008 "CkK8485347"). */
				int slipped = 0, slip_check = -1;
				if (confusions < 0 && n >= 7 &&
				    (lc->context[k] > 0 || lc->country[k] > 0 ||
				     has_symbol_lookalike(s, n) || n >= 9) &&
				    shape_has_letter(kind->shape)) {
					confusions = slip_match(kind,
								lc->context[k] > 0,
								s, n, value,
								&slip_check);
					slipped = 1;
				}
				/* OCR misreads a character or two, not a
				 * quarter of a number. Next to a label a
				 * letter read only as a digit is believed
				 * ("Identification Number 1408774(1)"). */
				if (confusions < 0 ||
				    confusions > MAX(1, n / 4) + slipped ||
				    (!slipped && !lc->context[k] &&
				     !letters_seen(s, value)))
					continue;
				int context = lc->context[k];
				int plausible = kind->plausible ?
					kind->plausible(value) : -1;
				if (kind->need_plausible && plausible == 0 &&
				    !context)
					continue;
				candidate c = { kind, kind->country, (int)g0,
						 (int)g1, 0, 0, 0 };
				if (kind->plausible == imsi_plausible &&
				    plausible == 1)
					c.country = mcc_country(value);
				c.check = slipped ? slip_check :
						    verdict(kind, value, s);
				c.conf = kind->base - 0.1 * slipped +
					 (c.check == 1 ? 0.3 : c.check == 0 ? -0.1 : 0) +
					 (plausible == 1 ? 0.1 : 0) +
					 0.2 * context - 0.05 * confusions +
					 country_weight(lc->country[k]);
				/* Under another kind's own label, a national
				 * shape that fits by chance (with its check
				 * passing, one time in ten) is the lesser
				 * reading. */
				if (lc->specific && !context && kind->national)
					c.conf -= 0.2;
				/* "+CC" says phone number whatever the
				 * digits' other checks say. */
				if (plus_before(lc, (int)g0))
					c.conf += strcmp(kind->name, "phone") == 0 ?
						  0.35 : -0.2;
				/* Prefer whole numbers, then longer ones. */
				c.score = c.conf +
					  (aligned(lc, (int)g0, (int)g1) ? 0.3 : 0) +
					  0.01 * n;
				g_array_append_val(cands, c);
			}
			g_free(s);
		}
	}
}

/* Returns the sort order of candidates: best score first. */
static gint by_score(gconstpointer a, gconstpointer b)
{
	double d = ((const candidate *)b)->score - ((const candidate *)a)->score;
	return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/* Returns true when every alternative of shape starts (end 0) or ends
 * (end 1) with a token that takes letters only. */
static bool shape_edge_letter(const char *shape, int end)
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

/* Returns the group holding cell i, or -1. */
static int group_at(const line_ctx *lc, int i)
{
	for (guint g = 0; g < lc->groups->len; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		if (i >= gr->first && i < gr->first + gr->n)
			return (int)g;
	}
	return -1;
}

/* Digits that, with a garbled cell beside them, are masked: a letter
 * and a digit lost (sg_nric_008 read S9101428I as "5910142 ส"). */
#define LEFTOVER_GARBLED_MIN 7

/* Most cells beside a digit run taken for characters of it that OCR
 * garbled: two prefix letters, a check letter and a slip. */
#define GARBLED_MAX 4

/* Returns the cells beside the digit run whose edge cell is edge, going
 * dir (-1 before, +1 after), that OCR may have made of its letters; *far
 * gets the farthest such cell (edge when none). Property pages showed
 * them: "0 บ มู 6962492" for OW6962492, "ร พ ฟ 7941899" for SW7941899,
 * "ๆ = 73733463)" for T3733463J, "@537334(3)" for R537334(3). Word gaps
 * are crossed; a wide gap, a colon or full stop (the end of a label), a
 * word of three or more letters or digits, or another finding stop. */
static int garbled_beside(const line_ctx *lc, int edge, int dir, int *far)
{
	int count = 0, n = (int)lc->cells->len;

	*far = edge;
	for (int i = edge + dir; i >= 0 && i < n && count < GARBLED_MAX;
	     i += dir) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c == ' ')
			continue;
		if (c == '\n' || c == ':' || c == '.' || c == ',' || c == ';')
			break;
		int g = group_at(lc, i);
		if (g >= 0) {
			const group *gr = &g_array_index(lc->groups, group, g);
			if (gr->n >= 3 || lc->taken[g] ||
			    count + gr->n > GARBLED_MAX)
				break;
			count += gr->n;
			i = dir < 0 ? gr->first : gr->first + gr->n - 1;
		} else {
			count++;
		}
		*far = i;
	}
	return count;
}

/* Appends the best non-overlapping candidates of the line to found. */
static void keep_best(const line_ctx *lc, GArray *cands, GArray *found)
{
	g_array_sort(cands, by_score);
	for (guint i = 0; i < cands->len; i++) {
		const candidate *c = &g_array_index(cands, candidate, i);
		bool free_span = true;
		for (int g = c->g0; g <= c->g1; g++)
			free_span = free_span && !lc->taken[g];
		if (!free_span)
			continue;
		/* A shape with letters matched from a digit at its edge
		 * (one slip forgiven): the letters OCR garbled beside it
		 * go under the mask too (passport_001: "0 บ ม ู 6962492"
		 * under "Card No:" for OW6962492). */
		const group *a = &g_array_index(lc->groups, group, c->g0);
		const group *z = &g_array_index(lc->groups, group, c->g1);
		int first = a->first, last = z->first + z->n - 1;
		int from = first, to = last;
		gunichar f = g_array_index(lc->cells, cell, first).ch;
		gunichar l = g_array_index(lc->cells, cell, last).ch;
		if (f >= '0' && f <= '9' && shape_edge_letter(c->kind->shape, 0))
			garbled_beside(lc, first, -1, &from);
		if (l >= '0' && l <= '9' && shape_edge_letter(c->kind->shape, 1))
			garbled_beside(lc, last, 1, &to);
		add_finding_cells(lc, found, c->kind->name, c->country, from,
				  to, 0, c->g0, c->g1, c->conf, c->check);
	}
}

/* Shortest digit run masked with no shape of its own and no label: the
 * shortest national ID number (VN CMND, 9 digits). */
#define LEFTOVER_MIN 9
/* With a label on the line, OCR may have dropped up to this many digits. */
#define LEFTOVER_LABELLED_MIN 6

/* Masks digit runs no candidate took: a run at least as long as an
 * identifier is one whose separators or an extra digit confused the
 * shapes, and next to a label even a short one is. The kind reported is
 * the best window inside the run: a passing check first, then a label,
 * then the table's order; *checksum is that window's verdict. */
static void keep_leftovers(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (guint g0 = 0; g0 < ng; g0++) {
		const group *a = &g_array_index(lc->groups, group, g0);
		if (lc->taken[g0] || !a->digitish)
			continue;
		guint g1 = g0;
		while (g1 + 1 < ng) {
			const group *b = &g_array_index(lc->groups, group, g1 + 1);
			if (b->run != a->run || !b->digitish || lc->taken[g1 + 1])
				break;
			g1++;
		}
		int n;
		gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
		const id_kind *best = NULL;
		int best_rank = -1, best_check = -1, best_score = -100;

		for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++) {
			const id_kind *kind = &id_kinds[k];
			if (!kind_set_has(lc->kinds, kind->name))
				continue;
			int context = lc->context[k];
			char value[SPAN_MAX + 1];
			for (int len = 1; len <= MIN(n, SPAN_MAX); len++)
				for (int at = 0; at + len <= n; at++) {
					if (shape_match(kind->shape, s + at, len,
							value) < 0)
						continue;
					if (kind->need_plausible && !context &&
					    !kind->plausible(value))
						continue;
					int v = kind->check ? kind->check(value) : -1;
					int rank = 8 + (v == 1) * 4 + context;
					/* The page's country outweighs another
					 * kind's passing check. */
					int score = 2 * rank + 5 * lc->country[k];
					if (score > best_score) {
						best = kind;
						best_rank = rank;
						best_check = v;
						best_score = score;
					}
				}
			/* No window fits, but a label says what this is. */
			if (context && n >= LEFTOVER_LABELLED_MIN &&
			    context > best_rank) {
				best = kind;
				best_rank = context;
				best_check = kind->check ? 0 : -1;
				best_score = 2 * context + 5 * lc->country[k];
			}
		}
		bool labelled = best_rank >= 0 && best_rank < 8;
		/* A label of any kind on the line counts, even when the
		 * best window is an unlabelled shape ("Identification
		 * Number 1408774(1)": a Thai label, an HKID). */
		bool line_label = false;
		for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++)
			line_label = line_label || lc->context[k] > 0;
		/* Letters OCR garbled beside the run count towards its
		 * length and go under the mask; a bracketed check says it
		 * is an HKID whose letter may be lost altogether ("924878
		 * (9)" for U924878(9)): then the box reaches one
		 * character further left. */
		const group *z = &g_array_index(lc->groups, group, g1);
		int first = a->first, last = z->first + z->n - 1, from, to;
		int garbled = garbled_beside(lc, first, -1, &from) +
			      garbled_beside(lc, last, 1, &to);
		bool bracket = bracketed_check(lc, last);
		int left = bracket && from == first ?
			line_char_height(lc->page, &g_array_index(lc->page->lines,
								  ocr_line,
								  lc->line)) : 0;
		if (best && (n >= LEFTOVER_MIN || (n >= LEFTOVER_LABELLED_MIN &&
						    (best_rank % 4 > 0 ||
						     line_label)))) {
			add_finding_cells(lc, found, best->name, best->country,
					  from, to, 0, (int)g0, (int)g1,
					  (labelled ? 0.4 : 0.3) +
						  (best_check == 1 ? 0.1 : 0) +
						  0.05 * (best_rank % 4),
					  best_check);
		} else if (n >= LEFTOVER_LABELLED_MIN &&
			   (bracket || (garbled && n + garbled >= LEFTOVER_MIN) ||
			    (garbled && n >= LEFTOVER_GARBLED_MIN))) {
			/* The kind: the best window's, else an HKID for a
			 * bracketed check, else the first kind on with
			 * letters in its shape (they were garbled). */
			const char *kind = best ? best->name : NULL;
			if (!kind && bracket && kind_set_has(lc->kinds, "hk_id"))
				kind = "hk_id";
			for (size_t k = 0; !kind && k < G_N_ELEMENTS(id_kinds); k++)
				if (kind_set_has(lc->kinds, id_kinds[k].name) &&
				    shape_has_letter(id_kinds[k].shape))
					kind = id_kinds[k].name;
			if (kind)
				add_finding_cells(lc, found, kind,
						  best ? best->country : "",
						  from, to, left, (int)g0,
						  (int)g1, 0.3, best_check);
		}
		g_free(s);
		g0 = g1;
	}
}

/* Grows a finding over the digit groups of its run that no finding took
 * and that touch it: a shape fitting part of a number must not leave the
 * rest readable (phone_001: "No. 063-647-2642" fit an HKID as
 * "No. 063-647", leaving 2642). */
static void keep_touching(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (bool grew = true; grew;) {
		grew = false;
		for (guint g = 0; g < ng; g++) {
			const group *gr = &g_array_index(lc->groups, group, g);
			if (lc->taken[g] || !gr->digitish)
				continue;
			int by = -1;
			for (int d = -1; d <= 1 && by < 0; d += 2) {
				int h = (int)g + d;
				if (h >= 0 && (guint)h < ng && lc->taken[h] &&
				    lc->owner[h] >= 0 &&
				    g_array_index(lc->groups, group, h).run ==
					    gr->run)
					by = lc->owner[h];
			}
			if (by < 0)
				continue;
			finding *f = &g_array_index(found, finding, by);
			f->box = rect_union(f->box, cells_box(lc, gr->first,
							      gr->first + gr->n - 1));
			lc->taken[g] = true;
			lc->owner[g] = by;
			grew = true;
		}
	}
}

/* =============================================== machine-readable zones */

/* Returns the check verdict of the field t[from .. from+len) against the
 * check digit at t[at] (ICAO 9303 part 3, 4.9). */
static int mrz_field(const char *t, int from, int len, int at)
{
	char v[48];
	memcpy(v, t + from, (size_t)len);
	v[len] = t[at];
	v[len + 1] = '\0';
	return mrz_check(v);
}

/* Returns 1 when every check digit of the MRZ line t (n characters)
 * holds, 0 when one fails, -1 for a line without check digits; *doc gets
 * the document number the line carries (static storage in t's copy) or
 * stays NULL. Positions: ICAO 9303 part 4 (TD3), 5 (TD1), 6 (TD2). */
static int mrz_line_checks(const char *t, int n, char *doc)
{
	int ok = -1;
	doc[0] = '\0';
	if ((n == 44 || n == 36) && g_ascii_isdigit(t[9]) &&
	    g_ascii_isdigit(t[19]) && g_ascii_isdigit(t[27])) {
		/* TD3 / TD2 line 2: document number, birth, expiry, then the
		 * composite over 1-10, 14-20, 22-43 (TD2: 22-35). */
		char comp[48];
		int k = 0;
		memcpy(comp + k, t, 10), k += 10;
		memcpy(comp + k, t + 13, 7), k += 7;
		memcpy(comp + k, t + 21, (size_t)(n - 22)), k += n - 22;
		comp[k++] = t[n - 1];
		comp[k] = '\0';
		ok = mrz_field(t, 0, 9, 9) && mrz_field(t, 13, 6, 19) &&
		     mrz_field(t, 21, 6, 27) && mrz_check(comp) &&
		     (n == 36 || mrz_field(t, 28, 14, 42));
		memcpy(doc, t, 9);
		doc[9] = '\0';
	} else if (n == 30 && g_ascii_isalpha(t[0]) && g_ascii_isdigit(t[14])) {
		/* TD1 line 1: document number 6-14, check 15. */
		ok = mrz_field(t, 5, 9, 14);
		memcpy(doc, t + 5, 9);
		doc[9] = '\0';
	} else if (n == 30 && g_ascii_isdigit(t[0]) && g_ascii_isdigit(t[6]) &&
		   g_ascii_isdigit(t[14])) {
		/* TD1 line 2: birth 1-6 check 7, expiry 9-14 check 15; the
		 * composite needs line 1 too and is not checked here. */
		ok = mrz_field(t, 0, 6, 6) && mrz_field(t, 8, 6, 14);
	}
	char *filler = strchr(doc, '<');
	if (filler)
		*filler = '\0';
	return ok;
}

/* Returns true for the characters tesseract reads a < filler as. */
static bool is_chevron(gunichar c)
{
	return c == '<' || c == 0xAB || c == 0x2039 || c == 0x3008; /* « ‹ 〈 */
}

/* Returns true, with the MRZ text of the line in t (n chars, at most 47),
 * when the line reads as an MRZ line; *total gets its characters (spaces
 * not counted) either way. Every MRZ line is 30, 36 or 44 characters of
 * A-Z 0-9 < (ICAO 9303 part 3, 4.1); what tesseract makes of one on our
 * passports (eng+tha, 250-300 dpi):
 *   P<THAMEESUK<<SUDA<<<<<<<<<<<<<<<cccccccccccce   fillers read as c, e
 *   WQ83525759THA/610134F27101326969151284546<64    a 7 read as /, one <
 *   ก < ไ ห ล เฉ ... <<<<<<<<<<<<<<<<<<<<<<<<         the name as Thai
 * so a line is taken when it has 25 or more characters and either some
 * fillers among nearly nothing but A-Z 0-9 <, or many fillers among
 * mostly those, or a run of fillers no other text has, or, with hardly a
 * word gap, nearly nothing but A-Z 0-9 < and many digits. Anything else
 * on such a line is taken for a filler (<) so the positions hold. */
static bool mrz_line(const line_ctx *lc, char *t, int *n, int *total)
{
	int strict = 0, fillers = 0, digits = 0, gaps = 0, run = 0, longest = 0;

	*n = *total = 0;
	for (guint i = 0; i < lc->cells->len; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c == ' ' || c == '\n') {
			gaps++;
			continue;
		}
		char m = '<';
		(*total)++;
		if (is_chevron(c)) {
			fillers++;
			strict++;
			longest = MAX(longest, ++run);
		} else {
			run = 0;
			if (c < 128 && (g_ascii_isdigit((char)c) ||
					g_ascii_isupper((char)c))) {
				m = (char)c;
				strict++;
				digits += g_ascii_isdigit((char)c);
			}
		}
		if (*n < 47)
			t[(*n)++] = m;
	}
	t[*n] = '\0';
	int all = *total;
	return longest >= 6 ||
	       (all >= 25 && ((fillers >= 2 && strict * 10 >= all * 9) ||
			      (fillers >= 5 && strict * 10 >= all * 6) ||
			      (all >= 28 && gaps <= 3 && digits >= 8 &&
			       strict * 10 >= all * 9)));
}

/* Returns true when two line boxes lie one over the other as the lines of
 * one MRZ do: overlapping in x, at most 2.5 line heights apart. */
static bool mrz_adjacent(idr_rect a, idr_rect b)
{
	int h = MAX(a.h, b.h);
	int gap = MAX(a.y, b.y) - MIN(a.y + a.h, b.y + b.h);
	int overlap = MIN(a.x + a.w, b.x + b.w) - MAX(a.x, b.x);
	/* OCR's line box is about the capitals' height; printed zones
	 * leave up to about twice that between lines (the TD3 sample page:
	 * 8 mm pitch, 3 mm capitals), and the box shrinks with a faint
	 * line: 1.5 heights split zones at some scales. */
	return gap <= 5 * h / 2 && 2 * overlap >= MIN(a.w, b.w);
}

/* Fewest characters of a line next to an MRZ line taken for one more. */
#define MRZ_NEIGHBOUR_MIN 20

/* Returns true when the line was an MRZ line — it reads as one, or it
 * lies beside one (beside_mrz) and is long enough to be one OCR garbled:
 * then it is masked whole, its box goes to *box, and the document number
 * it carries goes into docs. */
static bool mrz_find(const line_ctx *lc, bool beside_mrz, GPtrArray *docs,
		     GArray *found, idr_rect *box)
{
	char t[48], doc[16];
	int n, total;

	if (!mrz_line(lc, t, &n, &total) &&
	    !(beside_mrz && total >= MRZ_NEIGHBOUR_MIN))
		return false;
	int ok = mrz_line_checks(t, n, doc);
	/* A TD3 number line is a passport's (ICAO 9303 part 4): its
	 * document number is the passport number. */
	if (strlen(doc) >= 5)
		g_ptr_array_add(docs, g_strconcat(n == 44 ? "P" : "M", doc, NULL));
	if (kind_set_has(lc->kinds, "mrz") && lc->cells->len) {
		finding f = { 0 };
		f.kind = "mrz";
		f.country = "";
		f.box = cells_box(lc, 0, (int)lc->cells->len - 1);
		f.confidence = ok == 1 ? 0.95 : ok == 0 ? 0.75 : 0.85;
		f.checksum = ok;
		g_array_append_val(found, f);
		*box = f.box;
	}
	return true;
}

/* Appends one "mrz" finding over each zone of two or more adjacent MRZ
 * lines, so the gap between the lines is masked too (the zone is one
 * block on the document; a line found alone by OCR leaves its
 * neighbours' edges between the boxes). */
static void mrz_zones(const ocr_page *page, const bool *is_mrz,
		      const idr_rect *box, GArray *found)
{
	guint nl = page->lines->len;
	bool *done = g_new0(bool, nl);

	for (guint i = 0; i < nl; i++) {
		if (!is_mrz[i] || done[i] || box[i].w == 0)
			continue;
		idr_rect zone = box[i];
		int lines = 1;
		done[i] = true;
		for (bool grew = true; grew;) {
			grew = false;
			for (guint j = 0; j < nl; j++) {
				if (!is_mrz[j] || done[j] || box[j].w == 0)
					continue;
				bool near = false;
				for (guint k = 0; k < nl && !near; k++)
					near = done[k] && is_mrz[k] &&
					       mrz_adjacent(g_array_index(page->lines,
									  ocr_line, k).box,
							    g_array_index(page->lines,
									  ocr_line, j).box);
				if (!near)
					continue;
				zone = rect_union(zone, box[j]);
				done[j] = grew = true;
				lines++;
			}
		}
		if (lines < 2)
			continue;
		finding f = { 0 };
		f.kind = "mrz";
		f.country = "";
		f.box = zone;
		f.confidence = 0.85;
		f.checksum = -1;
		g_array_append_val(found, f);
	}
	g_free(done);
}

/* Masks the visual zone's copy of a document number the MRZ carries
 * (ICAO 9303 part 3: the number is printed in both zones), as "passport"
 * when a TD3 line carried it, else as "mrz". docs holds the numbers, each
 * after a 'P' (TD3) or 'M'. */
static void docno_find(const line_ctx *lc, const GPtrArray *docs,
		       GArray *found)
{
	guint ng = lc->groups->len;

	for (guint d = 0; d < docs->len; d++) {
		const char *doc = g_ptr_array_index(docs, d);
		const char *kind = doc[0] == 'P' ? "passport" : "mrz";
		doc++;
		if (!kind_set_has(lc->kinds, kind))
			continue;
		int want = (int)strlen(doc);
		for (guint g0 = 0; g0 < ng; g0++) {
			int run = g_array_index(lc->groups, group, g0).run;
			for (guint g1 = g0; g1 < ng && !lc->taken[g0]; g1++) {
				if (g_array_index(lc->groups, group, g1).run != run)
					break;
				int n;
				gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
				bool same = n == want;
				for (int i = 0; same && i < n; i++) {
					bool confused;
					token t = { '=', doc[i], NULL, 1, 1 };
					same = token_accept(&t, s[i], &confused) ==
					       doc[i];
				}
				g_free(s);
				if (same)
					add_finding(lc, found, kind, "", (int)g0,
						    (int)g1, 0.8, -1);
				if (n >= want)
					break;
			}
		}
	}
}

/* ================================================ labelled personal fields */

static const char *const name_labels[] = {
	"name", "surname", "givennames", "ชื่อตัวและชื่อสกุล", "ชื่อ",
	"นามสกุล", "họvàtên", "họtên", "성명", "이름", "nama", "pangalan",
	"apelyido", "姓名", "氏名", NULL
};
static const char *const dob_labels[] = {
	"dateofbirth", "birthdate", "dob", "เกิดวันที่", "ngàysinh",
	"ngày,tháng,nămsinh", "생년월일", "tanggallahir", "tgl.lahir",
	"petsangkapanganakan", "出生日期", "出生", "生年月日", NULL
};
static const char *const address_labels[] = {
	"address", "ที่อยู่", "nơithườngtrú", "placeofresidence", "quêquán",
	"placeoforigin", "nơicưtrú", "주소", "alamat", "tirahan", "住址",
	"住所", NULL
};

static const struct {
	const char *kind;
	const char *const *labels;
	bool continues; /* the value may go on over the next line */
} field_kinds[] = {
	{ "name", name_labels, false },
	{ "dob", dob_labels, false },
	{ "address", address_labels, true },
};

/* Returns the index of the cell after the last label of labels on the
 * line, or -1 when none occurs. */
static int label_end(const line_ctx *lc, const char *const *labels)
{
	GString *text = g_string_new(NULL);
	GArray *owner = g_array_new(FALSE, FALSE, sizeof(int));
	int end = -1;

	/* The line squashed cell by cell, remembering whose bytes are whose;
	 * NFKD both sides so composed and decomposed marks compare equal. */
	for (guint i = 0; i < lc->cells->len; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		char utf8[8] = { 0 };
		g_unichar_to_utf8(c, utf8);
		char *piece = squash(utf8);
		g_string_append(text, piece);
		for (size_t b = 0; piece[b]; b++)
			g_array_append_val(owner, i);
		g_free(piece);
	}
	for (const char *const *l = labels; *l; l++) {
		char *label = squash(*l);
		for (const char *at = strstr(text->str, label); at;
		     at = strstr(at + 1, label)) {
			size_t last = (size_t)(at - text->str) + strlen(label) - 1;
			end = MAX(end, g_array_index(owner, int, last) + 1);
		}
		g_free(label);
	}
	g_string_free(text, TRUE);
	g_array_free(owner, TRUE);
	return end;
}

/* Returns true when the cell can open a field's value. */
static bool value_char(gunichar c)
{
	return !g_unichar_isspace(c) && c != ':' && c != '.' && c != '/' &&
	       c != '-' && c != '|' && c != '\n';
}

/* Masks the values of labelled fields on the line; *next_kind gets the
 * field kind whose value is on the next line (label alone at the end, or
 * an address going on), or NULL. */
static void fields_find(const line_ctx *lc, GArray *found,
			const char **next_kind)
{
	*next_kind = NULL;
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++) {
		if (!kind_set_has(lc->kinds, field_kinds[k].kind))
			continue;
		int at = label_end(lc, field_kinds[k].labels);
		if (at < 0)
			continue;
		int n = (int)lc->cells->len;
		while (at < n &&
		       !value_char(g_array_index(lc->cells, cell, at).ch))
			at++;
		int last = at;
		while (last + 1 < n &&
		       g_array_index(lc->cells, cell, last + 1).ch != '\n')
			last++;
		if (at >= n) {
			*next_kind = field_kinds[k].kind;
			continue;
		}
		finding f = { 0 };
		f.kind = field_kinds[k].kind;
		f.country = "";
		f.box = cells_box(lc, at, last);
		f.confidence = 0.6;
		f.checksum = -1;
		g_array_append_val(found, f);
		if (field_kinds[k].continues)
			*next_kind = field_kinds[k].kind;
	}
}

/* Returns true when the line carries a label of any field kind. */
static bool has_field_label(const line_ctx *lc)
{
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		if (has_label(lc->text, field_kinds[k].labels))
			return true;
	return false;
}

/* ============================================================ the page */

/* Sets up lc for line i of page. */
static void line_open(line_ctx *lc, const ocr_page *page, int i,
		      const kind_set *kinds, const char *countries)
{
	const ocr_line *line = &g_array_index(page->lines, ocr_line, i);
	ocr_line joined = *line;

	/* OCR splits a number into two lines on one row now and then
	 * (phone_009: "088" and "756 4967"): the next line, when it
	 * follows on the same row within a wide gap (see line_cells()),
	 * is read on with this one too. */
	if ((guint)i + 1 < page->lines->len) {
		const ocr_line *next =
			&g_array_index(page->lines, ocr_line, i + 1);
		idr_rect a = line->box, b = next->box;
		int gap = b.x - (a.x + a.w);
		int overlap = MIN(a.y + a.h, b.y + b.h) - MAX(a.y, b.y);
		if (next->first == line->first + line->n && gap >= -a.h / 2 &&
		    gap <= 3 * MAX(1, line_char_height(page, line)) &&
		    2 * overlap >= MIN(a.h, b.h)) {
			joined.n += next->n;
			joined.box = rect_union(a, b);
		}
	}
	memset(lc, 0, sizeof *lc);
	lc->page = page;
	lc->line = i;
	lc->kinds = kinds;
	lc->cells = line_cells(page, &joined);
	lc->groups = line_groups(lc->cells);
	lc->text = line_text(page, i);
	lc->above = near_text(page, i);
	lc->taken = g_new0(bool, lc->groups->len + 1);
	lc->owner = g_new(int, lc->groups->len + 1);
	for (guint g = 0; g <= lc->groups->len; g++)
		lc->owner[g] = -1;
	bool specific = false;
	for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++) {
		lc->context[k] = in_context(lc, &id_kinds[k]);
		lc->country[k] = country_context(&id_kinds[k], countries);
		specific = specific || lc->context[k] == 2;
	}
	/* A label naming one kind outweighs "ID No." for all of them. */
	for (size_t k = 0; specific && k < G_N_ELEMENTS(id_kinds); k++)
		lc->context[k] = lc->context[k] == 2 ? 2 : 0;
	lc->specific = specific;
}

static void line_close(line_ctx *lc)
{
	g_array_free(lc->cells, TRUE);
	g_array_free(lc->groups, TRUE);
	g_free(lc->text);
	g_free(lc->above);
	g_free(lc->taken);
	g_free(lc->owner);
}

/* Appends a finding for every identifier on page: MRZ lines first (their
 * document numbers are then looked for in the other lines), then per
 * line the numbers, then the labelled fields. */
void ids_find(const ocr_page *page, const kind_set *kinds, GArray *found)
{
	if (!page || !page->lines || !page->lines->len)
		return;
	guint nl = page->lines->len;
	bool *is_mrz = g_new0(bool, nl);
	idr_rect *mrz_box = g_new0(idr_rect, nl); /* of each MRZ line's finding */
	GPtrArray *docs = g_ptr_array_new_with_free_func(g_free);
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));
	const char *carried = NULL; /* a field whose value is this line */
	char *countries = page_countries(page);
	line_ctx lc;

	for (guint i = 0; i < nl; i++) {
		line_open(&lc, page, (int)i, kinds, countries);
		is_mrz[i] = mrz_find(&lc, false, docs, found, &mrz_box[i]);
		line_close(&lc);
	}
	/* Lines beside an MRZ line, until no more join (TD1 has three). */
	for (bool grew = true; grew;) {
		grew = false;
		for (guint i = 0; i < nl; i++) {
			bool beside = false;
			idr_rect me = g_array_index(page->lines, ocr_line, i).box;
			for (guint j = 0; j < nl && !is_mrz[i] && !beside; j++) {
				idr_rect it = g_array_index(page->lines, ocr_line,
							    j).box;
				/* MRZ lines run the same width (a caption
				 * above the zone does not). */
				beside = is_mrz[j] && mrz_adjacent(me, it) &&
					 10 * me.w >= 7 * it.w;
			}
			if (!beside)
				continue;
			line_open(&lc, page, (int)i, kinds, countries);
			is_mrz[i] = mrz_find(&lc, true, docs, found, &mrz_box[i]);
			grew = grew || is_mrz[i];
			line_close(&lc);
		}
	}
	mrz_zones(page, is_mrz, mrz_box, found);
	for (guint i = 0; i < nl; i++) {
		if (is_mrz[i]) {
			carried = NULL;
			continue;
		}
		line_open(&lc, page, (int)i, kinds, countries);
		g_array_set_size(cands, 0);
		docno_find(&lc, docs, found);
		span_candidates(&lc, cands);
		keep_best(&lc, cands, found);
		keep_leftovers(&lc, found);
		keep_touching(&lc, found);
		if (carried && lc.cells->len && !has_field_label(&lc)) {
			finding f = { 0 };
			f.kind = carried;
			f.country = "";
			f.box = cells_box(&lc, 0, (int)lc.cells->len - 1);
			f.confidence = 0.5;
			f.checksum = -1;
			g_array_append_val(found, f);
			carried = NULL;
		} else {
			fields_find(&lc, found, &carried);
		}
		line_close(&lc);
	}
	g_array_free(cands, TRUE);
	g_ptr_array_free(docs, TRUE);
	g_free(is_mrz);
	g_free(mrz_box);
	g_free(countries);
}
