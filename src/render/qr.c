/* QR codes as SVG path data, from libqrencode's module matrix. */
#include <qrencode.h>

#include "qr.h"
#include "util/banned.h"

int
qr_path(const char *text, struct buf *out, int *version, int *width)
{
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int x, y, run;

	if (code == NULL)
		return -1;
	*version = code->version;
	*width = code->width;
	for (y = 0; y < code->width; y++)
		for (x = 0; x<code->width; x += run> 0 ? run : 1) {
			/* Bit 0 of a module says it is dark. */
			for (run = 0; x + run < code->width &&
			     (code->data[y * code->width + x + run] & 1);
			     run++)
				;
			if (run > 0)
				buf_printf(out, "M%d %dh%dv1h-%dz",
				    x + QR_QUIET, y + QR_QUIET, run, run);
		}
	QRcode_free(code);
	return 0;
}
