// Design: customer_networks keeps every (network, customer) with the span
// [valid_from, valid_to) in which the customer held it, so an event is
// attributed to whoever held its address when it was scanned. An import
// closes what changed and opens what is new; nothing is deleted. Only the
// first import's networks reach back before it (k_beginning): a network
// that appears later, such as a /25 carved out of another customer's /24,
// must not claim the scans from before its import.

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "certbund/store.hpp"
#include "ip_blob.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
// valid_from of a network never seen before the first import that lists it.
constexpr UnixTime k_beginning = std::numeric_limits<UnixTime>::min();

// Binds `text` at `index` without a copy (SQLITE_STATIC): it must live
// until the statement has run. Text that is not valid UTF-8 goes through
// Statement::bind, which repairs it (and copies).
void bind_kept_text(Statement& q, int index, const std::string& text) {
  if (!is_valid_utf8(text)) {
    q.bind(index, text);
    return;
  }
  q.SQLite::Statement::bindNoCopy(index, text);  // valid UTF-8: what Statement::bind checks
}

// bind_ip without a copy: `ip` must live until the statement has run.
void bind_kept_ip(Statement& q, int index, const IpAddress& ip) {
  q.SQLite::Statement::bindNoCopy(index, ip.bytes.data(), static_cast<int>(ip.bytes.size()));
}

// Customers written by one statement: each run of the upsert opens a
// scratch table for the CHECK on `language` (an IN list of three), so a
// statement per customer spent most of its time opening and closing them
// (a third of a 100,000-customer import's SQL time).
constexpr std::size_t k_customer_batch = 128;

// The upsert of `rows` customers, 4 parameters each.
std::string upsert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO customers (id, name, emails, language, current) VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += r ? ", (?, ?, ?, ?, 1)" : "(?, ?, ?, ?, 1)";
  return sql +
         " ON CONFLICT (id) DO UPDATE SET name = excluded.name, emails = excluded.emails,"
         " language = excluded.language, current = 1";
}

// Inserts or updates `customers` in their order, k_customer_batch at a
// time; texts bound without a copy, the batch's joined e-mail lists kept
// beside it until it has run.
void upsert_customers(StatementCache& sql, const std::vector<Customer>& customers) {
  const std::string batch_sql = upsert_sql(k_customer_batch);
  std::vector<std::string> emails(k_customer_batch), languages(k_customer_batch);
  for (std::size_t done = 0; done < customers.size();) {
    const std::size_t n = std::min(k_customer_batch, customers.size() - done);
    auto q = sql.get(n == k_customer_batch ? batch_sql : upsert_sql(n));
    for (std::size_t r = 0; r < n; ++r) {
      const Customer& c = customers[done + r];
      const int at = static_cast<int>(4 * r);
      emails[r] = join(c.emails, ";");
      languages[r] = to_string(c.language);
      bind_kept_text(*q, at + 1, c.id);
      bind_kept_text(*q, at + 2, c.name);
      bind_kept_text(*q, at + 3, emails[r]);
      bind_kept_text(*q, at + 4, languages[r]);
    }
    q->exec();
    done += n;
  }
}

// A network as stored: family, prefix and first address (16 bytes) in
// the columns from `family_column` on.
Network stored_network(SQLite::Statement& q, int family_column) {
  Network net;
  const auto first = q.getColumn(family_column + 2);
  if (first.getBytes() == static_cast<int>(net.base.bytes.size())) {
    std::memcpy(net.base.bytes.data(), first.getBlob(), net.base.bytes.size());
  }
  net.base.v4 = q.getColumn(family_column).getInt() == 4;
  net.prefix = q.getColumn(family_column + 1).getInt();
  return net;
}

// A holding of the new list: a network and the index of its customer.
struct ListedHolding {
  Network network;
  std::uint32_t customer;
  auto operator<=>(const ListedHolding&) const = default;
};

// The holdings of the new list, (network, customer) in the order listed,
// sorted at the first keep() so that each current holding is looked up by
// binary search (not as texts in a set: an import of a million networks
// formatted and compared each several times); a first import, with no
// current holding, never sorts.
class NewHoldings {
 public:
  explicit NewHoldings(const std::vector<Customer>& customers) {
    std::size_t total = 0;
    for (const Customer& c : customers) total += c.networks.size();
    list_.reserve(total);
    for (std::uint32_t i = 0; i < customers.size(); ++i) {
      for (const Network& net : customers[i].networks) list_.push_back({net, i});
    }
    kept_.resize(list_.size());
    customers_ = &customers;
  }

  // Marks every (net, customer) of the list kept; false when the list does
  // not have it.
  bool keep(const Network& net, const std::string& customer) {
    if (sorted_.size() != list_.size()) sort();
    auto pos = position_.find(customer);
    if (pos == position_.end()) return false;
    const ListedHolding key{net, pos->second};
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), key,
                               [&](std::uint32_t i, const ListedHolding& k) { return list_[i] < k; });
    bool found = false;
    for (; it != sorted_.end() && list_[*it] == key; ++it) kept_[*it] = found = true;
    return found;
  }

  // The holdings not kept, in list order: the list itself, kept ones
  // taken out in place (a first import keeps none: its million rows are
  // not copied).
  std::vector<ListedHolding> take_new() && {
    std::size_t out = 0;
    for (std::size_t i = 0; i < list_.size(); ++i) {
      if (!kept_[i]) list_[out++] = list_[i];
    }
    list_.resize(out);
    return std::move(list_);
  }

 private:
  void sort() {
    for (std::uint32_t i = 0; i < customers_->size(); ++i) position_.emplace((*customers_)[i].id, i);
    sorted_.resize(list_.size());
    for (std::uint32_t i = 0; i < sorted_.size(); ++i) sorted_[i] = i;
    std::sort(sorted_.begin(), sorted_.end(), [&](std::uint32_t a, std::uint32_t b) { return list_[a] < list_[b]; });
  }

  std::unordered_map<std::string_view, std::uint32_t> position_;
  std::vector<ListedHolding> list_;
  std::vector<std::uint32_t> sorted_;
  std::vector<bool> kept_;
  const std::vector<Customer>* customers_ = nullptr;
};

// Closes every current holding that the new list does not repeat at
// `at`, marks those it repeats kept, and counts what it closed.
void close_dropped(StatementCache& sql, NewHoldings& wanted, UnixTime at, HoldingChanges& changes) {
  std::vector<std::int64_t> dropped;
  {
    auto q = sql.get("SELECT id, customer_id, family, prefix, first FROM customer_networks WHERE valid_to IS NULL");
    while (q->executeStep()) {
      if (!wanted.keep(stored_network(*q, 2), q->getColumn(1).getString())) {
        dropped.push_back(q->getColumn(0).getInt64());
      }
    }
  }
  auto q = sql.get("UPDATE customer_networks SET valid_to = ? WHERE id = ?");
  q->bind(1, static_cast<std::int64_t>(at));
  for (std::int64_t id : dropped) {
    q->bind(2, id);
    q->exec();
    q->reset();
    ++changes.closed;
  }
}

// Holdings inserted by one statement: a multi-row INSERT opens its
// cursors, checks its statement and takes SQLite's locks once per batch,
// not once per row (a third of the import's time at one row each).
constexpr std::size_t k_insert_batch = 128;

// "INSERT ... VALUES (?1, ..., ?6, ?N), ..." for `rows` rows; ?N (N = 6 *
// rows + 1) is the valid_from they share.
std::string insert_sql(std::size_t rows) {
  const std::string from = "?" + std::to_string(6 * rows + 1);
  std::string sql =
      "INSERT INTO customer_networks (customer_id, network, family, prefix, first, last, valid_from) VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 1; c <= 6; ++c) sql += "?" + std::to_string(6 * r + c) + ", ";
    sql += from + ")";
  }
  return sql;
}

// Inserts `rows` (network, index of its customer), valid from `from`, in
// their order: batches of k_insert_batch rows, then the rest. Every text
// and blob is bound without a copy (a copy was a malloc each, a fifth of
// the import's time): the batch's network texts and last addresses are
// kept beside it until it has run. The batch statement is run again and
// again with only its rows bound anew (not cleared and looked up for
// each batch), and each customer id is checked for UTF-8 once, not once
// per network; a network's text is ASCII.
void insert_holdings(StatementCache& sql, const std::vector<ListedHolding>& rows,
                     const std::vector<Customer>& customers, UnixTime from) {
  std::vector<char> plain_id(customers.size());
  for (std::size_t c = 0; c < customers.size(); ++c) plain_id[c] = is_valid_utf8(customers[c].id);
  std::vector<std::string> texts(k_insert_batch);
  std::vector<IpAddress> lasts(k_insert_batch);
  auto bind_rows = [&](Statement& q, std::size_t done, std::size_t n) {
    for (std::size_t r = 0; r < n; ++r) {
      const auto& [net, customer] = rows[done + r];
      const int at = static_cast<int>(6 * r);
      texts[r] = net.to_string();
      lasts[r] = net.last();
      if (plain_id[customer]) q.SQLite::Statement::bindNoCopy(at + 1, customers[customer].id);
      else q.bind(at + 1, customers[customer].id);
      q.SQLite::Statement::bindNoCopy(at + 2, texts[r]);
      q.bind(at + 3, net.base.v4 ? 4 : 6);
      q.bind(at + 4, net.prefix);
      bind_kept_ip(q, at + 5, net.base);
      bind_kept_ip(q, at + 6, lasts[r]);
    }
    q.bind(static_cast<int>(6 * n + 1), static_cast<std::int64_t>(from));
    q.exec();
  };
  std::size_t done = 0;
  if (rows.size() >= k_insert_batch) {
    auto batch = sql.get(insert_sql(k_insert_batch));
    for (; rows.size() - done >= k_insert_batch; done += k_insert_batch) {
      bind_rows(*batch, done, k_insert_batch);
      batch->reset();
    }
  }
  if (done < rows.size()) bind_rows(*sql.get(insert_sql(rows.size() - done)), done, rows.size() - done);
}

// Inserts every holding of `wanted` not kept, valid from `from`, in list
// order.
void open_new(StatementCache& sql, NewHoldings&& wanted, const std::vector<Customer>& customers, UnixTime from,
              HoldingChanges& changes) {
  const std::vector<ListedHolding> rows = std::move(wanted).take_new();
  insert_holdings(sql, rows, customers, from);
  changes.opened += rows.size();
}

// The latest start or end recorded; nullopt when there is none (no
// import yet, or only the first one's spans, which start at k_beginning).
// `any` tells whether any span exists.
std::optional<UnixTime> latest_change(StatementCache& sql, bool& any) {
  auto q = sql.get(
      "SELECT count(*), max(CASE WHEN valid_from > ? THEN valid_from END), max(valid_to)"
      " FROM customer_networks");
  q->bind(1, static_cast<std::int64_t>(k_beginning));
  q->executeStep();
  any = q->getColumn(0).getInt64() > 0;
  std::optional<UnixTime> out;
  for (int column : {1, 2}) {
    if (q->getColumn(column).isNull()) continue;
    UnixTime t = q->getColumn(column).getInt64();
    if (!out || t > *out) out = t;
  }
  return out;
}

// When the import's changes count from; Failure(Exit::usage) for a time
// that would rewrite the past or name the future.
UnixTime change_time(StatementCache& sql, UnixTime now, std::optional<UnixTime> valid_from, bool& first_import) {
  bool any = false;
  const auto latest = latest_change(sql, any);
  first_import = !any;
  if (!valid_from) return now;
  if (*valid_from > now) {
    throw Failure(Exit::usage,
                  "valid from " + format_iso8601(*valid_from) + " is in the future (now " + format_iso8601(now) + ")");
  }
  if (latest && *valid_from < *latest) {
    throw Failure(Exit::usage, "valid from " + format_iso8601(*valid_from) +
                                   " is before the latest change of the customer list (" + format_iso8601(*latest) +
                                   "): its history only moves forward");
  }
  return *valid_from;
}

Holding holding_from(SQLite::Statement& q, int first_column) {
  Holding h;
  h.customer = q.getColumn(first_column).getString();
  h.network = parse_network(q.getColumn(first_column + 1).getString()).value_or(Network{});
  const UnixTime from = q.getColumn(first_column + 2).getInt64();
  if (from != k_beginning) h.from = from;
  if (!q.getColumn(first_column + 3).isNull()) h.to = q.getColumn(first_column + 3).getInt64();
  return h;
}

std::vector<Network> current_networks(StatementCache& sql, const std::string& customer) {
  auto q = sql.get("SELECT network FROM customer_networks WHERE customer_id = ? AND valid_to IS NULL ORDER BY id");
  q->bind(1, customer);
  std::vector<Network> out;
  while (q->executeStep()) {
    if (auto net = parse_network(q->getColumn(0).getString())) out.push_back(*net);
  }
  return out;
}

// Imports so far, counted in the database header (PRAGMA user_version).
std::int64_t import_count(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt64(); }

// Every holding ever imported, in the order imported.
OwnerIndex load_owner_index(StatementCache& sql) {
  OwnerIndex::Builder builder;
  auto q =
      sql.get("SELECT customer_id, family, prefix, first, valid_from, valid_to FROM customer_networks ORDER BY id");
  while (q->executeStep()) {
    Network net;
    const auto first = q->getColumn(3);
    if (first.getBytes() != static_cast<int>(net.base.bytes.size())) continue;  // not written by this store
    std::memcpy(net.base.bytes.data(), first.getBlob(), net.base.bytes.size());
    net.base.v4 = q->getColumn(1).getInt() == 4;
    net.prefix = q->getColumn(2).getInt();
    std::optional<UnixTime> to;
    if (!q->getColumn(5).isNull()) to = q->getColumn(5).getInt64();
    builder.add(net, q->getColumn(0).getText(), q->getColumn(4).getInt64(), to);
  }
  return std::move(builder).build();
}

Customer customer_from(SQLite::Statement& q) {
  Customer c;
  c.id = q.getColumn(0).getString();
  c.name = q.getColumn(1).getString();
  c.emails = split(q.getColumn(2).getString(), ';');
  c.language = language_from_string(q.getColumn(3).getString()).value_or(Language::de_en);
  return c;
}
}  // namespace

HoldingChanges Store::replace_customers(const std::vector<Customer>& customers, UnixTime now,
                                        std::optional<UnixTime> valid_from) {
  owners_.reset();
  return guarded(path_, [&] {
    Transaction tx(*this);
    // Tells every process that its OwnerIndex is out of date.
    db_->exec("PRAGMA user_version = " + std::to_string(import_count(*db_) + 1));
    bool first_import = false;
    const UnixTime at = change_time(*statements_, now, valid_from, first_import);
    const UnixTime from = first_import && !valid_from ? k_beginning : at;
    db_->exec("UPDATE customers SET current = 0");
    upsert_customers(*statements_, customers);
    NewHoldings wanted(customers);
    HoldingChanges changes;
    close_dropped(*statements_, wanted, at, changes);
    open_new(*statements_, std::move(wanted), customers, from, changes);
    tx.commit();
    return changes;
  });
}

bool Store::holds_networks() const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT EXISTS (SELECT 1 FROM customer_networks)");
    return q->executeStep() && q->getColumn(0).getInt() == 1;
  });
}

std::vector<Customer> Store::customers() const {
  return guarded(path_, [&] {
    std::vector<Customer> out;
    {
      auto q = statements_->get("SELECT id, name, emails, language FROM customers WHERE current = 1 ORDER BY id");
      while (q->executeStep()) out.push_back(customer_from(*q));
    }
    for (auto& c : out) c.networks = current_networks(*statements_, c.id);
    return out;
  });
}

std::optional<Customer> Store::customer(const std::string& id) const {
  return guarded(path_, [&]() -> std::optional<Customer> {
    std::optional<Customer> out;
    {
      auto q = statements_->get("SELECT id, name, emails, language FROM customers WHERE id = ?");
      q->bind(1, id);
      if (q->executeStep()) out = customer_from(*q);
    }
    if (out) out->networks = current_networks(*statements_, id);
    return out;
  });
}

const OwnerIndex& Store::owners() const {
  return guarded(path_, [&]() -> const OwnerIndex& {
    const auto version = import_count(*db_);
    if (owners_ && version == owners_version_) return *owners_;
    owners_.reset();
    owners_ = std::make_unique<OwnerIndex>(load_owner_index(*statements_));
    owners_version_ = version;
    return *owners_;
  });
}

std::optional<Holding> Store::owner_of(const IpAddress& ip, UnixTime at) const {
  auto match = owners().find(ip, at);
  if (!match) return std::nullopt;
  Holding h{std::string(match->customer), match->network, match->from, match->to};
  if (match->from == k_beginning) h.from.reset();
  return h;
}

std::vector<Holding> Store::holdings(const std::string& id) const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "SELECT customer_id, network, valid_from, valid_to FROM customer_networks WHERE customer_id = ?"
        " ORDER BY family, first, prefix, valid_from, id");
    q->bind(1, id);
    std::vector<Holding> out;
    while (q->executeStep()) out.push_back(holding_from(*q, 0));
    return out;
  });
}

}  // namespace certbund
