/*
 * Statements over many rows at once from static SQL text: one row's text
 * repeated 1, 2, 4, ... MULTIROW_MAX times, put together by the compiler
 * (the statement cache keys statements by the address of their text, so
 * none is built at run time), and a run of rows cut into pieces of those
 * sizes. Every value is still bound.
 */
#ifndef MULTIROW_H
#define MULTIROW_H

#include <stddef.h>

/*
 * Rows in one statement, at most: 128 rows of up to 7 values stay under
 * 999 bound values, SQLite's limit before 3.32, so any SQLite will do.
 */
#define MULTIROW_MAX   128
#define MULTIROW_SIZES 8 /* 1, 2, 4, ... MULTIROW_MAX */

#define MULTIROW_1(r)   r
#define MULTIROW_2(r)   r ", " r
#define MULTIROW_4(r)   MULTIROW_2(r) ", " MULTIROW_2(r)
#define MULTIROW_8(r)   MULTIROW_4(r) ", " MULTIROW_4(r)
#define MULTIROW_16(r)  MULTIROW_8(r) ", " MULTIROW_8(r)
#define MULTIROW_32(r)  MULTIROW_16(r) ", " MULTIROW_16(r)
#define MULTIROW_64(r)  MULTIROW_32(r) ", " MULTIROW_32(r)
#define MULTIROW_128(r) MULTIROW_64(r) ", " MULTIROW_64(r)

/*
 * A table of MULTIROW_SIZES statements: head, row that many times with
 * commas between, tail. row is string literals, such as "(?, ?)" for
 * VALUES or "?" for IN (...).
 */
#define MULTIROW(head, row, tail)                                              \
	{                                                                      \
		head MULTIROW_1(row) tail, head MULTIROW_2(row) tail,          \
		    head MULTIROW_4(row) tail, head MULTIROW_8(row) tail,      \
		    head MULTIROW_16(row) tail, head MULTIROW_32(row) tail,    \
		    head MULTIROW_64(row) tail, head MULTIROW_128(row) tail    \
	}

/*
 * The rows the next statement of a run of n (> 0) rows left takes: the
 * largest size up to n and MULTIROW_MAX; its index in a MULTIROW table
 * in *k. A run of n rows takes n / MULTIROW_MAX statements and one per
 * bit of the rest.
 */
size_t multirow_piece(size_t n, size_t *k);
/*
 * multirow_piece for rows of more than 7 values: at most max rows (a
 * power of two up to MULTIROW_MAX), so that a statement stays under 999
 * bound values all the same.
 */
size_t multirow_piece_upto(size_t n, size_t max, size_t *k);

#endif
