#pragma once
// The order in which delivery workers take due notifications. Lanes go in priority order
// (priority, then normal, then bulk; a lower lane waits while a higher one has due work).
// Within a lane, the services with due work take turns: each claim gives every such service an
// equal share, starting after the service served last, so one service's large batch delays
// another's single message by at most one claim; the ids of a claim alternate between its
// services. Used only on the store's writer thread.
//
//   QueueOrder order;
//   std::vector<std::string> ids = order.PickDue(db, now, 8);  // then mark them claimed

#include <array>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/internal/sqlite_db.h"

namespace missive::sqlite {

class QueueOrder {
 public:
  // Up to `limit` ids of notifications due at `now` (created, or sending with an expired lease
  // or retry time), in the order above, which is the order to deliver them in. Throws
  // SqliteError as the rest of the backend does.
  std::vector<std::string> PickDue(Connection& db, Micros now, int limit);

 private:
  void PickFromLane(Connection& db, int lane, Micros now, int limit, std::vector<std::string>& ids);

  std::array<std::string, 3> last_served_;  // per lane: the service that got work last
};

}  // namespace missive::sqlite
