// What each role finds in the navigation, and which entry a path belongs to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canCreateCases, isActive, visibleAreas } from './navigation.ts';

test('each role sees its areas', () => {
	assert.equal(visibleAreas(['handler']), ['overview', 'cases', 'screening']);
	assert.equal(visibleAreas(['reviewer']), ['overview', 'cases', 'screening', 'approvals']);
	assert.equal(visibleAreas(['reviewer', 'compliance_officer']), ['overview', 'cases', 'screening', 'approvals']);
	assert.equal(visibleAreas(['org_admin']), ['overview', 'cases', 'screening', 'requests', 'admin']);
	assert.equal(visibleAreas(['platform_admin', 'privacy_officer']), ['overview', 'requests', 'admin']);
	assert.equal(visibleAreas([]), ['overview']);
});

test('handlers and org admins open cases; reviewers do not', () => {
	assert.ok(canCreateCases(['handler']));
	assert.ok(canCreateCases(['org_admin']));
	assert.not.ok(canCreateCases(['reviewer', 'compliance_officer']));
	assert.not.ok(canCreateCases(['privacy_officer']));
});

test('a path belongs to its area; the overview only to /', () => {
	assert.ok(isActive('overview', '/'));
	assert.not.ok(isActive('overview', '/cases'));
	assert.ok(isActive('cases', '/cases'));
	assert.ok(isActive('cases', '/cases/new'));
	assert.not.ok(isActive('cases', '/casesx'));
	assert.not.ok(isActive('admin', '/approvals'));
});

test.run();
