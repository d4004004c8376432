#pragma once
// What Kannel reports back to Missive, read into Missive's terms: delivery report types into
// notification statuses, and the text of a message from a phone into UTF-8. Pure functions,
// thread-safe.
//
//   std::optional<NotificationStatus> status = KannelReportStatus(1);  // kDelivered
//   std::string text = KannelInboundText(raw, "2", "UTF-16BE");        // UCS-2 read as UTF-8

#include <optional>
#include <string>
#include <string_view>

#include "model/notification.h"

namespace missive {

// The status a Kannel delivery report (%d in the dlr-url, one bit of dlr-mask) gives an SMS, or
// nullopt when it is not final and the notification stays `sent`:
//   1  delivered to the phone          -> delivered
//   2  not delivered to the phone      -> permanent-failure
//   4  buffered by the SMSC            -> nullopt (still on its way)
//   8  accepted by the SMSC            -> nullopt (still on its way)
//   16 refused by the SMSC             -> permanent-failure
// Any other value: nullopt. GC Notify maps an SMS receipt it cannot read more precisely to
// permanent-failure ("No such number"), keeping technical-failure for its own faults and
// temporary-failure for carrier outages that its providers name explicitly; Kannel's report types
// carry no such reason, so both failures are permanent-failure.
std::optional<NotificationStatus> KannelReportStatus(int report_type);

// The text of an incoming message as UTF-8, given Kannel's %a (the text, already percent-decoded),
// %c (coding: 0 GSM, 1 8-bit, 2 UCS-2) and %C (charset) values. UCS-2 / UTF-16BE text is
// converted; other text is taken as UTF-8 when it is valid UTF-8 and as ISO-8859-1 otherwise, so
// the result is always valid UTF-8.
std::string KannelInboundText(std::string_view text, std::string_view coding,
                              std::string_view charset);

}  // namespace missive
