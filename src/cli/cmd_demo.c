/* solidarity demo: placeholder replaced below. */
#include "cmd.h"
int
cmd_demo(int argc, char **argv)
{
	return 1;
}
