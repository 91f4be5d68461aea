/* Pointer chasing: walks a linked list laid out in shuffled order, then
   builds an unbalanced binary search tree of random keys and looks keys up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
  struct node *next;
  uint32_t value;
};
struct tree {
  struct tree *left, *right;
  uint32_t key;
};

static uint32_t rng = 2463534242u;
static uint32_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static struct tree *insert(struct tree *t, struct tree *n) {
  struct tree **slot = &t;
  while (*slot)
    slot = n->key < (*slot)->key ? &(*slot)->left : &(*slot)->right;
  *slot = n;
  return t;
}

int main(void) {
  enum { LIST = 1 << 18, TREE = 60000 };
  struct node *nodes = malloc(sizeof(struct node) * LIST);
  uint32_t *order = malloc(sizeof(uint32_t) * LIST);
  for (uint32_t i = 0; i < LIST; i++)
    order[i] = i;
  for (uint32_t i = LIST - 1; i > 0; i--) {
    uint32_t j = next_rand() % (i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (uint32_t i = 0; i < LIST; i++) {
    nodes[order[i]].next = &nodes[order[(i + 1) % LIST]];
    nodes[order[i]].value = i;
  }
  uint64_t sum = 0;
  struct node *p = &nodes[order[0]];
  for (int lap = 0; lap < 8; lap++)
    for (uint32_t i = 0; i < LIST; i++) {
      sum += p->value ^ (uint32_t)lap;
      p = p->next;
    }
  struct tree *pool = calloc(TREE, sizeof(struct tree)), *root = NULL;
  for (uint32_t i = 0; i < TREE; i++) {
    pool[i].key = next_rand() % 1000000;
    root = insert(root, &pool[i]);
  }
  uint32_t found = 0;
  for (uint32_t i = 0; i < 300000; i++) {
    uint32_t k = next_rand() % 1000000;
    const struct tree *t = root;
    while (t && t->key != k)
      t = k < t->key ? t->left : t->right;
    found += t != NULL;
  }
  printf("pointer-chase list sum %llu, tree hits %u\n", (unsigned long long)sum,
         found);
  free(nodes);
  free(order);
  free(pool);
  return 0;
}
