#include "delivery/sms_pacer.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace missive {
namespace {

bool IsNumber(std::string_view sender) {
  return sender.size() > 1 && sender[0] == '+' &&
         sender.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

}  // namespace

void SleepFor(Micros duration) {
  if (duration > 0) std::this_thread::sleep_for(std::chrono::microseconds(duration));
}

SmsPacer::SmsPacer(PacingOptions options, const Clock& clock, Sleeper sleep)
    : options_(std::move(options)), clock_(clock), sleep_(std::move(sleep)) {
  if (options_.rate > 0) {
    double burst = options_.burst > 0 ? options_.burst : std::max(options_.rate, 1.0);
    account_ = std::make_unique<TokenBucket>(options_.rate, burst, clock_.NowMicros());
  }
}

TokenBucket* SmsPacer::SenderBucket(const OutgoingSms& sms, Micros now) {
  if (options_.sender_rate <= 0) return nullptr;
  const std::string& number = IsNumber(sms.sender) ? sms.sender : options_.default_sender;
  if (!IsNumber(number)) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = senders_.find(number);
  if (it == senders_.end()) {
    // A long code sends one part at a time: its bucket holds a single second's worth.
    auto bucket = std::make_unique<TokenBucket>(options_.sender_rate, 1.0, now);
    it = senders_.emplace(number, std::move(bucket)).first;
  }
  return it->second.get();
}

bool SmsPacer::Acquire(const OutgoingSms& sms) {
  double parts = std::max(sms.fragments, 1);
  Micros now = clock_.NowMicros();
  Micros wait = 0;
  if (account_) {
    auto turn = account_->Reserve(parts, now, options_.max_wait);
    if (!turn) return false;
    wait = *turn;
  }
  if (TokenBucket* sender = SenderBucket(sms, now)) {
    auto turn = sender->Reserve(parts, now, options_.max_wait);
    if (!turn) {
      if (account_) account_->Refund(parts, now);
      return false;
    }
    wait = std::max(wait, *turn);
  }
  sleep_(wait);
  return true;
}

}  // namespace missive
