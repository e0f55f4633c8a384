/*
 * Tight C parallel-beam back-projectors: the yardstick for Recon4J's Java FBP
 * (benchmarks/README.md). Voxel-driven, linear interpolation, OpenMP over image rows,
 * zero-padded filtered rows so the inner loops need no bounds tests; the work of
 * Recon4J's BackProjectionLayout without the filtering. Two kernels:
 *   float  - the bin coordinate in float, converted to int per voxel (the textbook loop)
 *   fixed  - the bin coordinate in 32.32 fixed point, two image rows per pass over a view,
 *            (value, slope) pairs: the same algorithm as Recon4J's Java kernel
 *
 *   gcc -O3 -march=native -fopenmp backproject.c -o backproject -lm
 *   OMP_NUM_THREADS=2 ./backproject 512 720 20
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>

static void float_kernel(int n, int views, int stride, const float *rows, const double *start,
                         const double *step_x, const double *step_y, float *image) {
    #pragma omp parallel for schedule(static)
    for (int y = 0; y < n; y++) {
        float *out = image + (size_t) y * n;
        memset(out, 0, sizeof(float) * n);
        for (int v = 0; v < views; v++) {
            const float *row = rows + (size_t) v * stride;
            float u0 = (float) (start[v] + y * step_y[v]), du = (float) step_x[v];
            for (int x = 0; x < n; x++) {
                float u = u0 + x * du;
                int k = (int) u;
                float f = u - k;
                out[x] += row[k] + f * (row[k + 1] - row[k]);
            }
        }
    }
}

static void fixed_kernel(int n, int views, int stride, const float *pairs, const double *start,
                         const double *step_x, const double *step_y, float *image) {
    const double one = 4294967296.0;
    const float fraction = (float) (1.0 / one);
    #pragma omp parallel for schedule(static)
    for (int y = 0; y < n; y += 2) {
        float *first = image + (size_t) y * n, *second = first + n;
        memset(first, 0, sizeof(float) * 2 * n);
        for (int v = 0; v < views; v++) {
            const float *row = pairs + (size_t) 2 * v * stride;
            int64_t u = (int64_t) ((start[v] + y * step_y[v]) * one);
            int64_t w = (int64_t) ((start[v] + (y + 1) * step_y[v]) * one);
            int64_t step = (int64_t) llround(step_x[v] * one);
            for (int x = 0; x < n; x++) {
                const float *p = row + 2 * (u >> 32), *q = row + 2 * (w >> 32);
                float a = p[0] + (float) (uint32_t) u * fraction * p[1];
                float b = q[0] + (float) (uint32_t) w * fraction * q[1];
                first[x] += a;
                second[x] += b;
                u += step;
                w += step;
            }
        }
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 512;           /* even */
    int views = argc > 2 ? atoi(argv[2]) : 720;
    int repeats = argc > 3 ? atoi(argv[3]) : 20;
    int margin = (int) ceil(n * 0.2072) + 2;           /* (sqrt(2) - 1) / 2 of the width, plus slack */
    int stride = n + 2 * margin;
    float *rows = calloc((size_t) views * stride, sizeof(float));
    float *pairs = calloc((size_t) 2 * views * stride, sizeof(float));
    float *image = malloc(sizeof(float) * (size_t) n * n);
    double *start = malloc(sizeof(double) * views), *step_x = malloc(sizeof(double) * views),
           *step_y = malloc(sizeof(double) * views);
    for (int v = 0; v < views; v++) {
        for (int k = margin; k < margin + n; k++) {
            rows[(size_t) v * stride + k] = (float) ((v * 7919 + k * 104729) % 1000) * 1e-3f;
        }
        for (int k = 0; k + 1 < stride; k++) {
            float a = rows[(size_t) v * stride + k], b = rows[(size_t) v * stride + k + 1];
            pairs[(size_t) 2 * (v * stride + k)] = a;
            pairs[(size_t) 2 * (v * stride + k) + 1] = b - a;
        }
    }
    double centre = (n - 1) / 2.0;
    for (int v = 0; v < views; v++) {
        double theta = v * M_PI / views, c = cos(theta), s = sin(theta);
        start[v] = -centre * c - centre * s + centre + margin;
        step_x[v] = c;
        step_y[v] = s;
    }
    const char *names[2] = {"float", "fixed"};
    for (int kernel = 0; kernel < 2; kernel++) {
        double best = 1e30, total = 0;
        for (int r = 0; r < repeats; r++) {
            double t0 = omp_get_wtime();
            if (kernel == 0) float_kernel(n, views, stride, rows, start, step_x, step_y, image);
            else fixed_kernel(n, views, stride, pairs, start, step_x, step_y, image);
            double dt = omp_get_wtime() - t0;
            if (dt < best) best = dt;
            total += dt;
        }
        double checksum = 0;
        for (size_t i = 0; i < (size_t) n * n; i++) checksum += image[i];
        printf("C %s kernel: %d x %d from %d views on %d threads: best %.4f s, mean %.4f s, %.3g voxel-view "
               "updates/s at best (checksum %.6g)\n", names[kernel], n, n, views, omp_get_max_threads(), best,
               total / repeats, (double) n * n * views / best, checksum);
    }
    return 0;
}
