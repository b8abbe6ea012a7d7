/// Every page of the dashboard, registered with the scope it needs.
enum DashboardRoutes {
    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        SignInPages.register(routes, ui)
        OverviewPage.register(routes, ui)
        JobPages.register(routes, ui)
        BatchPages.register(routes, ui)
        AIPPages.register(routes, ui)
        LocationsPage.register(routes, ui)
        ReviewPage.register(routes, ui)
    }
}
