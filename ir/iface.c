/*
 * Op interfaces: the lookup of a named hook table on an op's definition.
 * Interfaces are few per op, so a linear scan of the definition's list is
 * the right data structure.
 */
#include <string.h>

#include "null/ir.h"

const void *
nl_op_iface(const NlOp *op, const char *name)
{
  const NlOpIface *i = op->def->ifaces;
  if (!i)
    return NULL;
  for (; i->name; i++)
    if (strcmp(i->name, name) == 0)
      return i->table;
  return NULL;
}
