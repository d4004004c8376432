#pragma once
// The complaint callback body GC Notify POSTs to a service when a recipient reports one of its
// emails as spam: {"notification_id", "complaint_id", "reference", "to", "complaint_date"}, each
// a string (reference may be null), the date written by FormatTimestamp. A pure function;
// thread-safe.
//
//   Complaint complaint = ...;                                  // read from an abuse report
//   std::string body = ComplaintPayload(notification, complaint);

#include <string>

#include "model/notification.h"
#include "store/store.h"

namespace missive {

// The body reporting `complaint` about `n`; "to" is the recipient as submitted.
std::string ComplaintPayload(const Notification& n, const Complaint& complaint);

}  // namespace missive
