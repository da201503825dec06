/* kinds.c — what the recognisers look for: the sets of kinds a user
 * selects, the check and plausibility functions, and the table of
 * identifier kinds.
 *
 * Identifiers are data: each kind is a row of id_kinds[] below (name,
 * country, shape, check function, plausibility test, context labels);
 * shapes are written as shapes.c reads them.
 *
 * Interface (internal.h): kind_set_parse(), kind_set_free(), kind_set_has(),
 * kind_names(), ids_check(); (ids.h) id_kinds[], generic_labels[],
 * mrz_check(), mcc_country(), imsi_plausible().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

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

/* Returns true when set holds a kind read from text: any but the codes
 * (codes.c) and the pictures (face, photo). A NULL set holds them all. */
bool kind_set_wants_text(const kind_set *set)
{
	guint64 not_text = kind_bits("codes") | kind_bits("faces");

	return !set || (set->bits & ~not_text) != 0;
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
int mrz_check(const char *v)
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
const char *mcc_country(const char *v)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mcc_table); i++)
		if (strncmp(v, mcc_table[i].mcc, 3) == 0)
			return mcc_table[i].country;
	return NULL;
}

int imsi_plausible(const char *v)
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
 * Taiwan label it made any letter-and-digits number beside it a tw_id
 * ("ID No. S54400821", a Singapore NRIC). */
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
const char *const generic_labels[] = {
	"idno", "idnumber", "identification", "identitycard", "cardno",
	"documentno", "personalno", "no.", "số", "번호", "เลขที่", NULL
};

/* Rows of the same length are in order of preference when nothing else
 * tells them apart (keep_leftovers() takes the first that fits). */
const id_kind id_kinds[] = {
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
	 * letter); only next to a label (or seen in the MRZ, see mrz.c). */
	{ "passport", "", "L{1,2}d{6,8}L{0,1}", NULL, never_plausible,
	  passport_labels, 0.5, true, false },
};

const size_t id_kinds_n = G_N_ELEMENTS(id_kinds);

bool kind_is_identifier(const char *kind)
{
	for (size_t k = 0; k < id_kinds_n; k++)
		if (!strcmp(kind, id_kinds[k].name))
			return true;
	return false;
}
G_STATIC_ASSERT(G_N_ELEMENTS(id_kinds) <= ID_KINDS_MAX);

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
