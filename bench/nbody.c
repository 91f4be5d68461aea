/* Floating point: a softened gravitational n-body system of 64 particles
   stepped with a leapfrog integrator; prints the total energy. */
#include <math.h>
#include <stdio.h>

#define N 64

struct body {
  double x, y, z, vx, vy, vz, m;
};

static double energy(const struct body *b) {
  double e = 0;
  for (int i = 0; i < N; i++) {
    e += 0.5 * b[i].m *
         (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < N; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
    }
  }
  return e;
}

int main(void) {
  static struct body b[N];
  unsigned seed = 42;
  for (int i = 0; i < N; i++) {
    seed = seed * 1664525u + 1013904223u;
    double a = (seed >> 8) / 16777216.0 * 6.283185307179586;
    double r = 1.0 + (i % 7) * 0.5;
    b[i] = (struct body){
        r * (a - 3),    r * (3 - a) * 0.5, (i % 5) * 0.1 - 0.2, -(3 - a) * 0.1,
        (a - 3) * 0.05, 0.01 * (i % 3),    1.0 + (i % 4) * 0.25};
  }
  double e0 = energy(b);
  const double dt = 0.001;
  for (int step = 0; step < 12000; step++) {
    for (int i = 0; i < N; i++) {
      double ax = 0, ay = 0, az = 0;
      for (int j = 0; j < N; j++) {
        double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
        double d2 = dx * dx + dy * dy + dz * dz + 0.01;
        double inv = b[j].m / (d2 * sqrt(d2));
        ax += dx * inv;
        ay += dy * inv;
        az += dz * inv;
      }
      b[i].vx += ax * dt;
      b[i].vy += ay * dt;
      b[i].vz += az * dt;
    }
    for (int i = 0; i < N; i++) {
      b[i].x += b[i].vx * dt;
      b[i].y += b[i].vy * dt;
      b[i].z += b[i].vz * dt;
    }
  }
  printf("nbody energy before %.12f after %.12f\n", e0, energy(b));
  return 0;
}
