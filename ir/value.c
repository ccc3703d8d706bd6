/*
 * Values and their use-lists. Every operand slot (NlUse) is a node in the
 * intrusive, doubly linked use-list of the value it reads, so adding,
 * removing and redirecting a use is O(1) and replace-all-uses is linear in
 * the number of uses, with no allocation.
 */
#include "internal.h"

void
nl_use_link(NlUse *u, NlValue *v)
{
  u->value = v;
  if (!v) {
    u->next = NULL;
    u->back = NULL;
    return;
  }
  u->next = v->uses;
  if (v->uses)
    v->uses->back = &u->next;
  u->back = &v->uses;
  v->uses = u;
}

void
nl_use_unlink(NlUse *u)
{
  if (!u->back)
    return;
  *u->back = u->next;
  if (u->next)
    u->next->back = u->back;
  u->next = NULL;
  u->back = NULL;
}

void
nl_use_set(NlUse *u, NlValue *v)
{
  if (u->value == v && (u->back || !v))
    return;
  nl_use_unlink(u);
  nl_use_link(u, v);
}

NlBlock *
nl_value_parent_block(NlValue *v)
{
  if (v->kind == NL_VALUE_BLOCK_ARG)
    return (NlBlock *)v->owner;
  if (v->kind == NL_VALUE_RESULT)
    return ((NlOp *)v->owner)->parent;
  return NULL;
}

bool
nl_value_has_uses(const NlValue *v)
{
  return v->uses != NULL;
}

bool
nl_value_has_one_use(const NlValue *v)
{
  return v->uses && !v->uses->next;
}

size_t
nl_value_num_uses(const NlValue *v)
{
  size_t n = 0;
  for (const NlUse *u = v->uses; u; u = u->next)
    n++;
  return n;
}

void
nl_value_replace_all_uses(NlValue *from, NlValue *to)
{
  if (from == to || !from->uses)
    return;
  if (!to) {
    /* Detach every use (they become NULL operands). */
    while (from->uses) {
      NlUse *u = from->uses;
      nl_use_unlink(u);
      u->value = NULL;
    }
    return;
  }
  /* Retarget each use, then splice the whole list in front of to's. */
  NlUse *last = NULL;
  for (NlUse *u = from->uses; u; u = u->next) {
    u->value = to;
    last = u;
  }
  last->next = to->uses;
  if (to->uses)
    to->uses->back = &last->next;
  to->uses = from->uses;
  to->uses->back = &to->uses;
  from->uses = NULL;
}

void
nl_value_replace_all_uses_except(NlValue *from, NlValue *to, NlOp *except)
{
  if (from == to)
    return;
  NlUse *u = from->uses;
  while (u) {
    NlUse *next = u->next;
    if (u->owner != except) {
      nl_use_unlink(u);
      nl_use_link(u, to);
    }
    u = next;
  }
}
