#include "store/internal/group_writer.h"

#include <spdlog/spdlog.h>

#include "core/log.h"

namespace missive::sqlite {

GroupWriter::GroupWriter(std::unique_ptr<Connection> connection, int max_group)
    : connection_(std::move(connection)),
      max_group_(static_cast<size_t>(max_group)),
      thread_([this] { Loop(); }) {}

GroupWriter::~GroupWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Status GroupWriter::Write(Job job) {
  Pending pending{std::move(job), {}};
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return MakeError(ErrorCode::kUnavailable, "store is closing");
    queue_.push_back(&pending);
  }
  wake_.notify_one();
  pending.done.wait(0, std::memory_order_acquire);
  return std::move(pending.result);
}

void GroupWriter::Loop() {
  NameThisThread("db-writer");
  for (;;) {
    std::vector<Pending*> group = TakeGroup();
    if (group.empty()) return;
    CommitGroup(group);
  }
}

std::vector<GroupWriter::Pending*> GroupWriter::TakeGroup() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  std::vector<Pending*> group;
  while (!queue_.empty() && group.size() < max_group_) {
    group.push_back(queue_.front());
    queue_.pop_front();
  }
  return group;
}

// The transaction statements are prepared once (Prepare caches them): a group of small jobs
// would otherwise spend much of its time parsing them.
void GroupWriter::CommitGroup(const std::vector<Pending*>& group) {
  std::vector<Status> results(group.size());
  try {
    connection_->Prepare("BEGIN IMMEDIATE").Run();
    for (size_t i = 0; i < group.size(); ++i) {
      connection_->Prepare("SAVEPOINT job").Run();
      try {
        group[i]->job(*connection_);
        connection_->Prepare("RELEASE job").Run();
      } catch (const SqliteError& error) {
        connection_->Prepare("ROLLBACK TO job").Run();
        connection_->Prepare("RELEASE job").Run();
        results[i] = ToError(error);
      }
    }
    connection_->Prepare("COMMIT").Run();
  } catch (const SqliteError& error) {
    spdlog::error("store=sqlite event=group-commit-failed jobs={} error=\"{}\"", group.size(),
                  error.what());
    try {
      connection_->Exec("ROLLBACK");
    } catch (const SqliteError&) {
      // No transaction was open: BEGIN itself failed.
    }
    for (auto& result : results) result = ToError(error);
  }
  // A waiter may return, and its Pending leave scope, as soon as `done` is 1; the notify after
  // that only names the address to the kernel's futex wake (no read or write of the object),
  // and any wait that address wakes by mistake checks its own value again.
  for (size_t i = 0; i < group.size(); ++i) {
    group[i]->result = std::move(results[i]);
    group[i]->done.store(1, std::memory_order_release);
    group[i]->done.notify_one();
  }
}

}  // namespace missive::sqlite
