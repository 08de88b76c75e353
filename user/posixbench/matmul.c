/* matmul — dense double-precision matrix multiply C = A x B of 64 x 64 matrices (i-k-j
 * order), N times. Figure: MFLOP/s, counting a multiply and an add per inner step. */
#include "posixbench.h"

enum { DIM = 64 };
static double a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 5);
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) / 8.0;
            b[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0;
        }
    double sum = 0;
    double t0 = pb_now_ns();
    for (long r = 0; r < n; r++) {
        for (int i = 0; i < DIM; i++)
            for (int j = 0; j < DIM; j++)
                c[i][j] = 0;
        for (int i = 0; i < DIM; i++)
            for (int k = 0; k < DIM; k++) {
                double aik = a[i][k];
                for (int j = 0; j < DIM; j++)
                    c[i][j] += aik * b[k][j];
            }
        sum += c[r % DIM][(r * 3) % DIM];
    }
    double t1 = pb_now_ns();
    pb_sink = (unsigned long)sum;
    pb_report("matmul_f64", "MFLOP/s", 2.0 * DIM * DIM * DIM * n / 1e6 / ((t1 - t0) / 1e9), n);
    return 0;
}
