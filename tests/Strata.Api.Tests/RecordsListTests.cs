using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>List and view of records (contract §1.1, §1.2, §9): rules, paging, sort, filter, expand and fields.</summary>
public sealed class RecordsListTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private const string P = "/api/collections/posts/records";
    private const string Published = "Published by Alice";
    private const string AliceDraft = "Draft by Alice";

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        Get("guest lists only published posts", P, 200, has: ["\"totalItems\":1", Published, "\"collectionName\":\"posts\"", "\"collectionId\":\"{postsId}\""], hasNot: [AliceDraft, "s3cret", "\"secret\""]),
        Get("alice lists published and her drafts", P, 200, "{aliceToken}", has: ["\"totalItems\":2", AliceDraft], hasNot: ["Bob draft"]),
        Get("bob with a Bearer token lists his own drafts", P, 200, "Bearer {bobToken}", has: ["\"totalItems\":2", "Bob draft"], hasNot: [AliceDraft]),
        Get("superuser lists everything incl. hidden fields", P, 200, "superuser", has: ["\"totalItems\":3", "\"secret\":\"s3cret\""]),
        Get("collection by id", "/api/collections/{postsId}/records", 200, "superuser", has: ["\"totalItems\":3"]),
        Get("list shape with autodate and zero values", P + "?filter=title='Bob draft'", 200, "superuser",
            has: ["\"page\":1", "\"perPage\":30", "\"totalPages\":1", "\"meta\":null", "\"labels\":[]", "\"featured\":false", "\"body\":\"\"", "\"created\":\"", "\"updated\":\""]),
        Get("perPage echo", P + "?perPage=2", 200, "superuser", has: ["\"perPage\":2", "\"totalPages\":2", "\"totalItems\":3"]) with { After = Count(2) },
        Get("perPage clamp to 1000", P + "?perPage=5000", 200, "superuser", has: ["\"perPage\":1000"]),
        Get("perPage 0 means 30", P + "?perPage=0", 200, "superuser", has: ["\"perPage\":30"]),
        Get("negative perPage means 30", P + "?perPage=-4", 200, "superuser", has: ["\"perPage\":30"]),
        Get("page 0 means 1", P + "?page=0", 200, "superuser", has: ["\"page\":1"]),
        Get("page past the end is empty", P + "?page=9&perPage=2", 200, "superuser", has: ["\"page\":9", "\"items\":[]", "\"totalItems\":3"]),
        Get("huge page is empty, not an overflow", P + "?page=99999999999&perPage=1000", 200, "superuser", has: ["\"items\":[]", "\"totalItems\":3"]),
        Get("second page", P + "?page=2&perPage=2&sort=@rowid", 200, "superuser") with { After = Order("title", "Bob draft") },
        Get("skipTotal=1 gives -1", P + "?skipTotal=1", 200, "superuser", has: ["\"totalItems\":-1", "\"totalPages\":-1"]) with { After = Count(3) },
        Get("skipTotal=TRUE gives -1", P + "?skipTotal=TRUE", 200, "superuser", has: ["\"totalItems\":-1"]),
        Get("skipTotal=f counts", P + "?skipTotal=f", 200, "superuser", has: ["\"totalItems\":3"]),
        Get("sort -views", P + "?sort=-views", 200, "superuser") with { After = Order("views", "10", "5", "1") },
        Get("sort +views", P + "?sort=%2Bviews", 200, "superuser") with { After = Order("views", "1", "5", "10") },
        Get("sort @rowid", P + "?sort=@rowid", 200, "superuser") with { After = Order("title", Published, AliceDraft, "Bob draft") },
        Get("sort -@rowid", P + "?sort=-@rowid", 200, "superuser") with { After = Order("title", "Bob draft", AliceDraft, Published) },
        Get("sort @random", P + "?sort=@random", 200, "superuser") with { After = Count(3) },
        Get("sort by relation path", P + "?sort=-author.name,@rowid", 200, "superuser") with { After = Order("title", "Bob draft", Published, AliceDraft) },
        Get("sort by two fields", P + "?sort=status,-views", 200, "superuser") with { After = Order("views", "5", "1", "10") },
        Get("sort by json path", P + "?sort=meta.n,@rowid", 200, "superuser") with { After = Count(3) },
        Get("sort unknown field", P + "?sort=nope", 400, "superuser", has: ["\"data\":{}"]),
        Get("no sort is rowid order", P, 200, "superuser") with { After = Order("title", Published, AliceDraft, "Bob draft") },
        Get("filter number", P + "?filter=views>3", 200, "superuser", has: ["\"totalItems\":2"]),
        Get("filter contains is case-insensitive", P + "?filter=" + Uri.EscapeDataString("title ~ 'ALICE'"), 200, "superuser", has: ["\"totalItems\":2"]),
        Get("filter relation path", P + "?filter=" + Uri.EscapeDataString("author.name = 'Bob'"), 200, "superuser", has: ["\"totalItems\":1", "Bob draft"]),
        Get("filter multi relation any", P + "?filter=" + Uri.EscapeDataString("tags.name ?= 'y'"), 200, "superuser", has: ["\"totalItems\":2"]),
        Get("filter multi relation all", P + "?filter=" + Uri.EscapeDataString("tags.name = 'y'"), 200, "superuser", has: ["\"totalItems\":1", "Bob draft"]),
        Get("filter :length", P + "?filter=" + Uri.EscapeDataString("labels:length = 2"), 200, "superuser", has: ["\"totalItems\":1"]),
        Get("filter back-relation", P + "?filter=" + Uri.EscapeDataString("comments_via_post.message ?= 'nice'"), 200, "superuser", has: ["\"totalItems\":1", Published]),
        Get("filter json path", P + "?filter=" + Uri.EscapeDataString("meta.k = 'v'"), 200, "superuser", has: ["\"totalItems\":1"]),
        Get("filter empty string matches unset", P + "?filter=" + Uri.EscapeDataString("body = ''"), 200, "superuser", has: ["\"totalItems\":2"]),
        Get("guest filter is ANDed with the list rule", P + "?filter=views>0", 200, has: ["\"totalItems\":1"]),
        Get("guest filter by @request is 403", P + "?filter=" + Uri.EscapeDataString("@request.auth.id = ''"), 403, has: ["\"message\":\"Only superusers can filter by @request.\""]) with { After = ErrorShape(403) },
        Get("user filter by @collection is 403", P + "?filter=" + Uri.EscapeDataString("@collection.tags.name ?= 'x'"), 403, "{aliceToken}", has: ["Only superusers can filter by @collection."]),
        Get("guest sort by @request is 403", P + "?sort=@request.auth.id", 403, has: ["Only superusers can filter by @request."]),
        Get("superuser may filter by @request", P + "?filter=" + Uri.EscapeDataString("@request.auth.id != ''"), 200, "superuser", has: ["\"totalItems\":3"]),
        Get("guest filter by hidden field is 400", P + "?filter=" + Uri.EscapeDataString("secret = 's3cret'"), 400, has: ["\"data\":{}"]),
        Get("guest sort by hidden field is 400", P + "?sort=secret", 400),
        Get("superuser filter by hidden field", P + "?filter=" + Uri.EscapeDataString("secret = 's3cret'"), 200, "superuser", has: ["\"totalItems\":1"]),
        Get("filter syntax error", P + "?filter=" + Uri.EscapeDataString("title = "), 400, "superuser", has: ["\"message\":\"Something went wrong while processing your request.", "\"data\":{}"]) with { After = ErrorShape(400) },
        Get("filter unknown field", P + "?filter=nope=1", 400, "superuser"),
        Get("unknown collection", "/api/collections/nope/records", 404, has: ["\"message\":\"Missing collection context.\""]) with { After = ErrorShape(404) },
        Get("locked list as guest", "/api/collections/locked/records", 403, has: ["\"message\":\"Only superusers can perform this action.\""]) with { After = ErrorShape(403) },
        Get("locked list as user", "/api/collections/locked/records", 403, "{aliceToken}", has: ["Only superusers can perform this action."]),
        Get("locked list as superuser", "/api/collections/locked/records", 200, "superuser", has: ["l1"]),
        Get("locked view as guest", "/api/collections/locked/records/{lockedRow}", 403, has: ["Only superusers can perform this action."]),
        Get("locked view as superuser", "/api/collections/locked/records/{lockedRow}", 200, "superuser", has: ["\"id\":\"{lockedRow}\""]),
        Get("view published as guest", P + "/{pub}", 200, has: ["\"id\":\"{pub}\"", Published], hasNot: ["\"secret\"", "\"expand\""]),
        Get("view draft as guest is 404", P + "/{draft}", 404, has: ["\"message\":\"The requested resource wasn't found.\""]) with { After = ErrorShape(404) },
        Get("view own draft", P + "/{draft}", 200, "{aliceToken}", has: [AliceDraft]),
        Get("view someone else's draft is 404", P + "/{draft}", 404, "{bobToken}"),
        Get("view missing id is 404", P + "/aaaaaaaaaaaaaaa", 404, "superuser"),
        Get("view in unknown collection", "/api/collections/nope/records/{pub}", 404, has: ["Missing collection context."]),
        Get("expand single relation", P + "/{pub}?expand=author", 200, "superuser", has: ["\"expand\":{\"author\":{", "\"name\":\"Alice\"", "\"collectionName\":\"users\""]),
        Get("expand respects the related viewRule (guest)", P + "/{pub}?expand=author", 200, has: ["\"expand\":{}", "\"author\":\"{alice}\""], hasNot: ["\"name\":\"Alice\""]),
        Get("expand respects the related viewRule (owner)", P + "/{pub}?expand=author", 200, "{aliceToken}", has: ["\"name\":\"Alice\""]),
        Get("expand respects the related viewRule (other user)", P + "/{pub}?expand=author", 200, "{bobToken}", has: ["\"expand\":{}"], hasNot: ["\"name\":\"Alice\""]),
        Get("expand multi relation is an array in stored order", P + "/{pub}?expand=tags", 200, has: ["\"tags\":[{", "\"name\":\"x\"", "\"name\":\"y\""]) with
        {
            After = (_, body) =>
            {
                var names = body!["expand"]!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
                Blog.Check(names.SequenceEqual(["x", "y"]), "tags expanded in stored order: " + string.Join(",", names));
                return Task.CompletedTask;
            },
        },
        Get("expand back-relation", P + "/{pub}?expand=comments_via_post", 200, has: ["\"comments_via_post\":[{", "\"message\":\"nice\""]),
        Get("expand nested", "/api/collections/comments/records?expand=post.author", 200, "superuser", has: ["\"expand\":{\"post\":{", "\"author\":{", "\"name\":\"Alice\""]),
        Get("expand nested back-relation", P + "/{pub}?expand=comments_via_post.user", 200, "superuser", has: ["\"name\":\"Bob\""]),
        Get("expand two paths", P + "/{pub}?expand=author,tags", 200, "superuser", has: ["\"author\":{", "\"tags\":[{"]),
        Get("expand unknown path is ignored", P + "/{pub}?expand=nope", 200, has: ["\"expand\":{}"]),
        Get("expand on list", P + "?expand=tags", 200, "superuser", has: ["\"tags\":[{"]),
        Get("expand of a relation the requester cannot view (guest, users)", "/api/collections/comments/records?expand=user", 200, has: ["\"expand\":{}"], hasNot: ["\"name\":\"Bob\""]),
        Get("expand of own user on a comment", "/api/collections/comments/records?expand=user", 200, "{bobToken}", has: ["\"name\":\"Bob\""]),
        Get("fields picks keys", P + "/{pub}?fields=id,title", 200, has: ["\"title\":\"Published by Alice\""], hasNot: ["\"views\"", "\"collectionName\""]),
        Get("fields on list keeps paging keys", P + "?fields=id", 200, "superuser", has: ["\"page\":1", "\"perPage\":30", "\"totalItems\":3"], hasNot: ["\"title\""]),
        Get("fields excerpt with ellipsis", P + "/{pub}?fields=body:excerpt(5,true)", 200, has: ["{\"body\":\"Hello...\"}"]),
        Get("fields excerpt without ellipsis", P + "/{pub}?fields=body:excerpt(11)", 200, has: ["{\"body\":\"Hello world\"}"]),
        Get("fields star with nested expand", P + "/{pub}?expand=author&fields=*,expand.author.name", 200, "superuser", has: ["\"title\":", "\"expand\":{\"author\":{\"name\":\"Alice\"}}"], hasNot: ["alice@strata.test"]),
        Get("fields unknown path ignored", P + "/{pub}?fields=nope", 200, has: ["{}"]),
        Get("users list as alice shows only alice with email", "/api/collections/users/records", 200, "{aliceToken}", has: ["\"totalItems\":1", "alice@strata.test"], hasNot: ["bob@strata.test", "\"password\"", "\"tokenKey\""]),
        Get("users list as superuser shows all emails", "/api/collections/users/records", 200, "superuser", has: ["\"totalItems\":2", "alice@strata.test", "bob@strata.test"], hasNot: ["\"password\"", "\"tokenKey\""]),
        Get("users list as guest is empty", "/api/collections/users/records", 200, has: ["\"totalItems\":0"]),
        Get("guest filter through a relation applies the joined list rule", "/api/collections/comments/records?filter=" + Uri.EscapeDataString("user.name = 'Bob'"), 200, has: ["\"totalItems\":0"]),
        Get("owner filter through a relation passes the joined list rule", "/api/collections/comments/records?filter=" + Uri.EscapeDataString("user.name = 'Bob'"), 200, "{bobToken}", has: ["\"totalItems\":1"]),
        Get("superuser filter through a relation ignores list rules", "/api/collections/comments/records?filter=" + Uri.EscapeDataString("user.name = 'Bob'"), 200, "superuser", has: ["\"totalItems\":1"]),
        Get("guest filter through a relation to a readable post", "/api/collections/comments/records?filter=" + Uri.EscapeDataString("post.title ~ 'Published'"), 200, has: ["\"totalItems\":1"]),
        Get("guest sort through a relation", "/api/collections/comments/records?sort=-post.title", 200, has: ["\"totalItems\":1"]),
        Get("own record shows the email", "/api/collections/users/records/{bob}", 200, "{bobToken}", has: ["\"email\":\"bob@strata.test\"", "\"emailVisibility\":true"], hasNot: ["\"password\"", "\"tokenKey\""]),
        Get("other user's record is hidden by the view rule", "/api/collections/users/records/{bob}", 404, "{aliceToken}"),
        Get("expanded user email follows emailVisibility", P + "/{pub}?expand=author", 200, "{aliceToken}", has: ["\"email\":\"alice@strata.test\""]),
        Get("unknown query parameters are ignored", P + "?foo=bar&requestKey=x", 200, "superuser", has: ["\"totalItems\":3"]),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => fixture.RunAsync(scenario);
}
