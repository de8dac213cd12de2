import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { withQueryClient } from '../api/queryClient';
import { PERMISSIONS } from '../permissions';
import { ActivitiesPage } from './ActivitiesPage';
import { BatchesPage } from './BatchesPage';
import { BatchPage } from './BatchPage';
import { ContactsToFixPage } from './ContactsToFixPage';
import { CustomerPage } from './CustomerPage';
import { HomePage } from './HomePage';
import { ReportsPage } from './ReportsPage';
import { ScenariosPage } from './ScenariosPage';
import { StatementPage } from './StatementPage';
import { TemplateEditorPage } from './TemplateEditorPage';
import { TemplatesPage } from './TemplatesPage';

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="statement" element={<StatementPage />} />
      <Route path="statement/:customerDocumentId" element={<CustomerPage />} />
      <Route path="batches" element={<BatchesPage />} />
      <Route path="batches/view" element={<BatchPage />} />
      <Route path="activities" element={<ActivitiesPage />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path="contacts-to-fix" element={<ContactsToFixPage />} />
      <Route path="scenarios" element={<ScenariosPage />} />
      <Route path="templates" element={<TemplatesPage />} />
      <Route path="templates/:documentId" element={<TemplateEditorPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default withQueryClient(App);
