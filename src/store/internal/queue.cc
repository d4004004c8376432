#include "store/internal/queue.h"

#include <algorithm>
#include <numeric>

namespace missive::sqlite {
namespace {

// The services with anything in flight in `lane`, in id order. A skip-scan over the queue
// index: one index seek per service, however long each service's queue is.
std::vector<std::string> ServicesInFlight(Connection& db, int lane) {
  Statement rows = db.Prepare(
      "WITH RECURSIVE s(id) AS ("
      " SELECT (SELECT service_id FROM notifications WHERE lane = ?1 AND status IN "
      "('created', 'sending') ORDER BY service_id LIMIT 1)"
      " UNION ALL"
      " SELECT (SELECT service_id FROM notifications WHERE lane = ?1 AND status IN "
      "('created', 'sending') AND service_id > s.id ORDER BY service_id LIMIT 1) FROM s "
      "WHERE s.id IS NOT NULL) "
      "SELECT id FROM s WHERE id IS NOT NULL");
  rows.Bind(1, lane);
  std::vector<std::string> services;
  while (rows.Step()) services.push_back(rows.Text(0));
  return services;
}

// Appends up to `limit` of the service's due notifications in `lane`, earliest due first, after
// the first `skip` (picked already in this claim), and returns how many.
int DueOfService(Connection& db, int lane, const std::string& service_id, Micros now, int skip,
                 int limit, std::vector<std::string>& ids) {
  Statement rows = db.Prepare(
      "SELECT id FROM notifications WHERE lane = ? AND service_id = ? AND status IN "
      "('created', 'sending') AND due_at <= ? ORDER BY due_at LIMIT ? OFFSET ?");
  rows.Bind(1, lane).Bind(2, service_id).Bind(3, now).Bind(4, limit).Bind(5, skip);
  int added = 0;
  while (rows.Step()) {
    ids.push_back(rows.Text(0));
    ++added;
  }
  return added;
}

// Appends one id of each service in turn, so that a worker taking the claim in order reaches
// every service's first message early.
void Interleave(const std::vector<std::vector<std::string>>& per_service,
                std::vector<std::string>& ids) {
  for (size_t round = 0;; ++round) {
    bool any = false;
    for (const auto& list : per_service) {
      if (round >= list.size()) continue;
      ids.push_back(list[round]);
      any = true;
    }
    if (!any) return;
  }
}

}  // namespace

std::vector<std::string> QueueOrder::PickDue(Connection& db, Micros now, int limit) {
  std::vector<std::string> ids;
  for (int lane = 0; lane < 3 && static_cast<int>(ids.size()) < limit; ++lane) {
    PickFromLane(db, lane, now, limit, ids);
  }
  return ids;
}

void QueueOrder::PickFromLane(Connection& db, int lane, Micros now, int limit,
                              std::vector<std::string>& ids) {
  std::vector<std::string> services = ServicesInFlight(db, lane);
  if (services.empty()) return;

  // Start after the service served last, wrapping round.
  auto first = std::upper_bound(services.begin(), services.end(), last_served_[lane]);
  std::rotate(services.begin(), first, services.end());

  // Equal shares; what a service cannot use (nothing more is due) goes round again to the rest.
  std::vector<std::vector<std::string>> picked(services.size());
  std::vector<size_t> still_due(services.size());
  std::iota(still_due.begin(), still_due.end(), 0);
  int room = limit - static_cast<int>(ids.size());
  while (!still_due.empty() && room > 0) {
    int share = std::max(1, room / static_cast<int>(still_due.size()));
    std::vector<size_t> next_round;
    for (size_t s : still_due) {
      int take = std::min(share, room);
      if (take <= 0) break;
      int added = DueOfService(db, lane, services[s], now, static_cast<int>(picked[s].size()), take,
                               picked[s]);
      room -= added;
      if (added > 0) last_served_[lane] = services[s];
      if (added == take) next_round.push_back(s);
    }
    still_due = std::move(next_round);
  }
  Interleave(picked, ids);
}

}  // namespace missive::sqlite
