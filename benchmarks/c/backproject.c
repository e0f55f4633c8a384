/*
 * A tight C parallel-beam back-projector, the yardstick for Recon4J's Java FBP
 * (benchmarks/README.md). Voxel-driven, linear interpolation, OpenMP over image rows,
 * zero-padded filtered rows so the inner loop has no bounds tests: the same work as
 * Recon4J's BackProjectionLayout, without the filtering.
 *
 *   gcc -O3 -march=native -fopenmp backproject.c -o backproject -lm
 *   OMP_NUM_THREADS=2 ./backproject 512 720 20
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 512;
    int views = argc > 2 ? atoi(argv[2]) : 720;
    int repeats = argc > 3 ? atoi(argv[3]) : 20;
    int margin = (int) ceil(n * 0.2072) + 2; /* (sqrt(2) - 1) / 2 of the width, plus slack */
    int stride = n + 2 * margin;
    float *rows = malloc(sizeof(float) * (size_t) views * stride);
    float *image = malloc(sizeof(float) * (size_t) n * n);
    float *start = malloc(sizeof(float) * views), *stepx = malloc(sizeof(float) * views),
          *stepy = malloc(sizeof(float) * views);
    for (size_t i = 0; i < (size_t) views * stride; i++) rows[i] = (float) ((i * 2654435761u) % 1000) * 1e-3f;
    double centre = (n - 1) / 2.0;
    for (int v = 0; v < views; v++) {
        double theta = v * M_PI / views, c = cos(theta), s = sin(theta);
        start[v] = (float) ((-centre) * c + (-centre) * s + centre + margin);
        stepx[v] = (float) c;
        stepy[v] = (float) s;
    }
    double best = 1e30;
    for (int r = 0; r < repeats; r++) {
        double t0 = omp_get_wtime();
        #pragma omp parallel for schedule(static)
        for (int y = 0; y < n; y++) {
            float *out = image + (size_t) y * n;
            memset(out, 0, sizeof(float) * n);
            for (int v = 0; v < views; v++) {
                const float *row = rows + (size_t) v * stride;
                float u0 = start[v] + y * stepy[v], du = stepx[v];
                for (int x = 0; x < n; x++) {
                    float u = u0 + x * du;
                    int k = (int) u;
                    float f = u - k;
                    out[x] += row[k] + f * (row[k + 1] - row[k]);
                }
            }
        }
        double dt = omp_get_wtime() - t0;
        if (dt < best) best = dt;
    }
    double checksum = 0;
    for (size_t i = 0; i < (size_t) n * n; i++) checksum += image[i];
    printf("C back-projection %d x %d from %d views, %d threads: best %.4f s, %.3g voxel-view updates/s (checksum %.6g)\n",
           n, n, views, omp_get_max_threads(), best, (double) n * n * views / best, checksum);
    return 0;
}
