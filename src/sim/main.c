/* scanstate-sim: placeholder until the simulator issue lands. */
#include <stdio.h>

int main(void)
{
    fputs("scanstate-sim: not built yet\n", stderr);
    return 71;
}
