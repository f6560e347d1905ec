/* Cutting a run of rows into the sizes of a MULTIROW table. */
#include "multirow.h"
#include "util/banned.h"

size_t
multirow_piece(size_t n, size_t *k)
{
	size_t size = MULTIROW_MAX;

	*k = MULTIROW_SIZES - 1;
	while (size > n && *k > 0) {
		size /= 2;
		--*k;
	}
	return size;
}

size_t
multirow_piece_upto(size_t n, size_t max, size_t *k)
{
	return multirow_piece(n < max ? n : max, k);
}
