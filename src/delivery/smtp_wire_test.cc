#include "delivery/internal/smtp_wire.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "delivery/test_util.h"

namespace missive::smtp_internal {
namespace {

Deadline Soon() { return std::chrono::steady_clock::now() + std::chrono::seconds(5); }

TEST(DataSection, DoublesTheDotThatOpensALine) {
  EXPECT_EQ(DataSection(".hidden\r\nx.y\r\n.\r\n..\r\n"), "..hidden\r\nx.y\r\n..\r\n...\r\n.\r\n");
}

TEST(DataSection, EndsTheLastLineBeforeTheTerminator) {
  EXPECT_EQ(DataSection("no line end"), "no line end\r\n.\r\n");
  EXPECT_EQ(DataSection("ended\r\n"), "ended\r\n.\r\n");
}

TEST(SmtpWire, ReadsAMultiLineReplyWithItsCodeAndLines) {
  ScriptedServer server("250-smtp.example.ca\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));

  Result<SmtpReply> reply = wire.ReadReply(Soon());
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->code, 250);
  ASSERT_EQ(reply->lines.size(), 3u);
  EXPECT_EQ(reply->lines[1], "PIPELINING");
  EXPECT_EQ(reply->Text(), "250 STARTTLS");
}

TEST(SmtpWire, ReadsRepliesThatArriveTogetherOneAtATime) {
  ScriptedServer server("250 2.1.0 Ok\r\n550 5.1.1 No such user\r\n354 Go ahead\r\n");
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));

  EXPECT_EQ(wire.ReadReply(Soon())->Text(), "250 2.1.0 Ok");
  EXPECT_EQ(wire.ReadReply(Soon())->Text(), "550 5.1.1 No such user");
  EXPECT_EQ(wire.ReadReply(Soon())->code, 354);
}

TEST(SmtpWire, SomethingThatIsNotAReplyIsRefusedAndCloses) {
  ScriptedServer server("HTTP/1.1 400 Bad Request\r\n");
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));

  Result<SmtpReply> reply = wire.ReadReply(Soon());
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kInvalid);
  EXPECT_NE(reply.error().message.find("not an SMTP reply"), std::string::npos);
  EXPECT_FALSE(wire.open());
}

TEST(SmtpWire, ConnectionClosedBeforeAWholeReplyIsUnavailable) {
  ScriptedServer server("250-first line only\r\n", /*close_after=*/true);
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));

  Result<SmtpReply> reply = wire.ReadReply(Soon());
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(reply.error().message.find("closed the connection"), std::string::npos);
}

TEST(SmtpWire, ReplyNotCompleteByTheDeadlineTimesOut) {
  ScriptedServer server("220 partial");
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));

  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  Result<SmtpReply> reply = wire.ReadReply(deadline);
  ASSERT_FALSE(reply);
  EXPECT_NE(reply.error().message.find("timed out"), std::string::npos) << reply.error().message;
}

TEST(SmtpWire, IdleConnectionIsStaleOnceTheServerSpeaksOrCloses) {
  ScriptedServer server("220 ready\r\n421 4.4.2 Idle too long\r\n", /*close_after=*/true);
  SmtpWire wire;
  ASSERT_TRUE(wire.Connect("127.0.0.1", server.port(), Soon()));
  ASSERT_EQ(wire.ReadReply(Soon())->code, 220);

  for (int i = 0; i < 100 && !wire.Stale(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(wire.Stale());
}

TEST(SmtpWire, NothingListeningIsUnavailableWithTheReason) {
  LoopbackSocket reserved(/*listen=*/false);

  SmtpWire wire;
  Status up = wire.Connect("127.0.0.1", std::to_string(reserved.port()), Soon());
  ASSERT_FALSE(up);
  EXPECT_NE(up.error().message.find("Connection refused"), std::string::npos) << up.error().message;
}

}  // namespace
}  // namespace missive::smtp_internal
