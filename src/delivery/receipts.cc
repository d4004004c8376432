#include "delivery/receipts.h"

#include <spdlog/spdlog.h>

#include "callbacks/delivery_status.h"

namespace missive {

bool IsFinalStatus(NotificationStatus status) {
  using S = NotificationStatus;
  return status == S::kDelivered || status == S::kPermanentFailure ||
         status == S::kTemporaryFailure || status == S::kTechnicalFailure;
}

Result<bool> RecordReceipt(Store& store, const Clock& clock, std::string_view notification_id,
                           NotificationStatus status, std::optional<std::string> response) {
  auto n = store.FindNotification(notification_id);
  if (!n) return n.error();

  Micros now = clock.NowMicros();
  Receipt receipt{n->id, status, response, now};
  std::optional<std::string> payload;
  if (IsFinalStatus(status)) {
    DeliveryUpdate update{n->id,        status, response ? response : n->provider_response,
                          std::nullopt, now,    now};
    payload = DeliveryStatusPayload(*n, update);
  }

  auto applied = store.ApplyReceipt(receipt, std::move(payload));
  if (applied && !*applied) {
    spdlog::info("notification={} event=receipt-ignored status={} current={}", n->id,
                 StatusName(status), StatusName(n->status));
  }
  return applied;
}

}  // namespace missive
