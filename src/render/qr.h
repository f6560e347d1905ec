/*
 * QR codes for inline SVG: libqrencode makes the matrix, we write it as
 * an SVG path that a template draws (templates/session_sheet.mustache),
 * so a printed page needs no image file, no script and no raw insertion.
 */
#ifndef QR_H
#define QR_H

#include "util/buf.h"

/* The white border every reader needs around a code, in modules. */
#define QR_QUIET 4

/*
 * Append to out the SVG path data of text as a QR code (byte mode, error
 * correction M, the smallest version that holds it): each run of dark
 * modules along a row as "M<x> <y>h<n>v1h-<n>z", one unit a module,
 * offset by QR_QUIET so that the picture is width + 2 * QR_QUIET units
 * a side. Only digits and the letters M, h, v, z: nothing of text. The
 * version (1 to 40) in *version, the modules a side in *width. 0, or -1
 * (text too long for any version, out of memory) with out as it was.
 */
int qr_path(const char *text, struct buf *out, int *version, int *width);

#endif
