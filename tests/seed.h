/* seed.h — the seed of a test's generated cases, shared by the suites
 * that generate them: IDR_TEST_SEED when set (to repeat a failure, whose
 * message prints the seed), else one drawn on the first call and kept for
 * the run. */
#ifndef IDR_TESTS_SEED_H
#define IDR_TESTS_SEED_H

#include <stdlib.h>

#include <glib.h>

static inline guint32 class_seed(void)
{
	static guint32 seed;
	if (!seed) {
		const char *e = getenv("IDR_TEST_SEED");
		seed = e ? (guint32)strtoul(e, NULL, 10) : g_random_int();
		seed = seed ? seed : 1;
	}
	return seed;
}

#endif /* IDR_TESTS_SEED_H */
