#pragma once
// GroupWriter owns the one write connection of the SQLite backend. Callers hand it a job and
// block; its thread runs every job queued so far inside one transaction (each job in its own
// savepoint, so one failing job does not undo the others), commits once, and wakes them all.
// Thread-safe. Destruction finishes the jobs already queued.
//
//   GroupWriter writer(std::move(connection), 512);
//   Status done = writer.Write([&](Connection& db) { db.Prepare(kInsert).Bind(1, id).Run(); });

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.h"
#include "store/internal/sqlite_db.h"

namespace missive::sqlite {

class GroupWriter {
 public:
  // A unit of work; it throws SqliteError to fail.
  using Job = std::function<void(Connection&)>;

  GroupWriter(std::unique_ptr<Connection> connection, int max_group);
  ~GroupWriter();

  // Runs `job` in the next group and returns once that group is committed (or failed).
  Status Write(Job job);

 private:
  // One caller's job, on its stack while it waits. `done` turns 1 once `result` is set; an int
  // rather than a bool so that waiting and waking are one futex on it.
  struct Pending {
    Job job;
    Status result;
    std::atomic<int> done{0};
  };

  void Loop();
  std::vector<Pending*> TakeGroup();
  void CommitGroup(const std::vector<Pending*>& group);

  std::unique_ptr<Connection> connection_;
  const size_t max_group_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace missive::sqlite
